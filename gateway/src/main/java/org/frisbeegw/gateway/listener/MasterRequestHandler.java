package org.frisbeegw.gateway.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.mina.core.future.IoFutureListener;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.frisbeegw.gateway.service.Caller;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.helper.FatalErrors;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request per connection: decode, ask the {@link ImageService}, write the reply, close.
 * A connection that has not delivered its whole request within the deadline is closed, so a
 * silent or trickling client costs nothing but a socket for that long.
 */
final class MasterRequestHandler extends IoHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MasterRequestHandler.class);

    private final ImageService service;
    private final ProxiedHostLimiter proxied;

    MasterRequestHandler(ImageService service, ProxiedHostLimiter proxied) {
        this.service = service;
        this.proxied = proxied;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        InetSocketAddress remote = (InetSocketAddress) session.getRemoteAddress();
        InetSocketAddress local = (InetSocketAddress) session.getLocalAddress();
        if (remote == null || local == null) {
            return; // the peer is already gone
        }
        InboundRequest inbound = (InboundRequest) message;
        Caller caller = new Caller(remote.getAddress(), local.getAddress(), inbound.hops());
        Object reply;
        if (inbound.message() instanceof GetRequest get) {
            reply = get.hostIp() != 0 && !proxied.admit(get.hostIp(), System.nanoTime())
                    ? busyProxiedHost(get, caller) : service.get(get, caller).reply();
        } else {
            reply = service.put((PutRequest) inbound.message(), caller).reply();
        }
        session.write(reply).addListener(IoFutureListener.CLOSE);
    }

    /** TRYAGAIN for a node asked for too often: a C client with -B retries, a loop is slowed. */
    private static GetReply busyProxiedHost(GetRequest get, Caller caller) {
        log.info("{}: GET {} host={} -> TRYAGAIN: more requests for that host than its rate allows", caller,
                get.imageId(), Ipv4.format(get.hostIp()));
        return GetReply.failure(MsError.TRYAGAIN);
    }

    /**
     * The client shut down its sending side. With a complete request decoded, it is still
     * answered (the reply's write closes the connection), as the C server answers; before that
     * there is nothing to wait for.
     */
    @Override
    public void inputClosed(IoSession session) {
        if (!MasterRequestDecoder.hasDecoded(session)) {
            session.closeNow();
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        FatalErrors.haltIfFatal(cause);
        if (cause instanceof ProtocolDecoderException) {
            log.info("{}: bad request, closing: {}", peer(session), cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("{}: connection error: {}", peer(session), cause.toString());
        } else {
            log.warn("{}: unexpected error, closing", peer(session), cause);
        }
        session.closeNow();
    }

    private static String peer(IoSession session) {
        return session.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }
}
