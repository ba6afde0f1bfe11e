package org.frisbeegw.tmcd.listener;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.frisbeegw.tmcd.TmcdService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** tmcd over UDP: one request datagram (at most 2047 bytes), at most one reply datagram, cut at 8192 bytes. */
final class TmcdUdpHandler extends IoHandlerAdapter {
    static final int MAX_DATAGRAM_REQUEST = 2047;
    static final int MAX_DATAGRAM_REPLY = 8192;
    private static final Logger log = LoggerFactory.getLogger(TmcdUdpHandler.class);

    private final TmcdService service;
    private final ExecutorService workers;

    TmcdUdpHandler(TmcdService service, ExecutorService workers) {
        this.service = service;
        this.workers = workers;
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
        workers.execute(() -> {
            byte[] reply = service.handle(request, remote.getAddress(), TmcdService.Transport.UDP);
            if (reply.length > 0) {
                session.write(IoBuffer.wrap(Arrays.copyOf(reply, Math.min(reply.length, MAX_DATAGRAM_REPLY))));
            }
        });
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        log.debug("{}: {}", session.getRemoteAddress(), cause.toString());
    }
}
