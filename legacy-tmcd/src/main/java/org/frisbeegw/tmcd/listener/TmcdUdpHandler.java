package org.frisbeegw.tmcd.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.frisbeegw.helper.FatalErrors;
import org.frisbeegw.tmcd.TmcdService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** tmcd over UDP: one request datagram (at most 2047 bytes), at most one reply datagram, cut at 8192 bytes. */
final class TmcdUdpHandler extends IoHandlerAdapter {
    static final int MAX_DATAGRAM_REQUEST = 2047;
    static final int MAX_DATAGRAM_REPLY = 8192;
    private static final Logger log = LoggerFactory.getLogger(TmcdUdpHandler.class);

    private final TmcdService service;
    private final BoundedUdpWork local;
    private final BoundedUdpWork relays;

    /**
     * @param local  answers given here (a known node's loadinfo)
     * @param relays what goes to the upstream tmcd: bounded apart, so a slow or silent upstream
     *               (or a spray of relayed requests) cannot hold up the nodes answered here
     */
    TmcdUdpHandler(TmcdService service, BoundedUdpWork local, BoundedUdpWork relays) {
        this.service = service;
        this.local = local;
        this.relays = relays;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        IoBuffer buf = (IoBuffer) message;
        InetSocketAddress remote = (InetSocketAddress) session.getRemoteAddress();
        if (buf.remaining() > MAX_DATAGRAM_REQUEST) {
            log.info("{}: UDP request of {} bytes dropped", remote, buf.remaining());
            return;
        }
        byte[] request = new byte[buf.remaining()];
        buf.get(request);
        InetAddress from = remote.getAddress();
        boolean taken = local.offer(from, () -> {
            var here = service.answerHere(request, from, TmcdService.Transport.UDP);
            if (here.isPresent()) {
                reply(session, here.get());
            } else if (!relays.offer(from, () -> reply(session, service.relay(request, from, TmcdService.Transport.UDP)))) {
                dropped(relays, from);
            }
        });
        if (!taken) {
            dropped(local, from);
        }
    }

    private static void reply(IoSession session, byte[] reply) {
        if (reply.length > 0) {
            session.write(IoBuffer.wrap(Arrays.copyOf(reply, Math.min(reply.length, MAX_DATAGRAM_REPLY))));
        }
    }

    private static void dropped(BoundedUdpWork work, InetAddress from) {
        long n = work.dropped();
        if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: a flood is logged, not written out line by line
            log.warn("tmcd UDP busy: {} datagrams dropped so far (latest from {})", n, from.getHostAddress());
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        FatalErrors.haltIfFatal(cause);
        log.debug("{}: {}", session.getRemoteAddress(), cause.toString());
    }
}
