package org.frisbeegw.tmcd.listener;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.IoFutureListener;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.frisbeegw.helper.FatalErrors;
import org.frisbeegw.tmcd.TmcdService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tmcd over TCP: no framing, so a request is complete when the client half-closes (tmcc-nossl
 * does) or when no more bytes come for a short quiet spell (tmcd itself reads once). Then one
 * reply and close; an empty reply is a close with zero bytes. A request that grows past the limit
 * or does not finish within the deadline is closed without a reply.
 */
final class TmcdTcpHandler extends IoHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TmcdTcpHandler.class);
    private static final AttributeKey BYTES = new AttributeKey(TmcdTcpHandler.class, "bytes");
    private static final AttributeKey QUIET = new AttributeKey(TmcdTcpHandler.class, "quiet");
    private static final AttributeKey DEADLINE = new AttributeKey(TmcdTcpHandler.class, "deadline");
    private static final AttributeKey TAKEN = new AttributeKey(TmcdTcpHandler.class, "taken");
    private static final long QUIET_MILLIS = 150;
    private static final long DEADLINE_MILLIS = 3000;

    private final TmcdService service;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    TmcdTcpHandler(TmcdService service, ExecutorService workers, ScheduledExecutorService timer) {
        this.service = service;
        this.workers = workers;
        this.timer = timer;
    }

    @Override
    public void sessionOpened(IoSession session) {
        session.setAttribute(BYTES, new ByteArrayOutputStream());
        session.setAttribute(DEADLINE, timer.schedule(() -> {
            if (session.setAttributeIfAbsent(TAKEN, Boolean.TRUE) == null) {
                log.info("{}: no complete request within {} ms, closing", peer(session), DEADLINE_MILLIS);
                session.closeNow();
            }
        }, DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        if (session.containsAttribute(TAKEN)) {
            return;
        }
        IoBuffer buf = (IoBuffer) message;
        ByteArrayOutputStream bytes = (ByteArrayOutputStream) session.getAttribute(BYTES);
        byte[] chunk = new byte[buf.remaining()];
        buf.get(chunk);
        synchronized (bytes) {
            bytes.writeBytes(chunk);
            if (bytes.size() > TmcdService.MAX_REQUEST) {
                if (session.setAttributeIfAbsent(TAKEN, Boolean.TRUE) == null) {
                    log.info("{}: request over {} bytes, closing without reply", peer(session), TmcdService.MAX_REQUEST);
                    cancel(session, DEADLINE);
                    session.closeNow();
                }
                return;
            }
        }
        cancel(session, QUIET);
        session.setAttribute(QUIET, timer.schedule(() -> complete(session), QUIET_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public void inputClosed(IoSession session) {
        complete(session);
    }

    @Override
    public void sessionClosed(IoSession session) {
        cancel(session, QUIET);
        cancel(session, DEADLINE);
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        FatalErrors.haltIfFatal(cause);
        log.debug("{}: {}", peer(session), cause.toString());
        session.closeNow();
    }

    /** Takes the request once, answers it on a worker (a compat start may wait for the master server). */
    private void complete(IoSession session) {
        if (session.setAttributeIfAbsent(TAKEN, Boolean.TRUE) != null) {
            return;
        }
        cancel(session, QUIET);
        cancel(session, DEADLINE);
        ByteArrayOutputStream bytes = (ByteArrayOutputStream) session.getAttribute(BYTES);
        byte[] request;
        synchronized (bytes) {
            request = bytes.toByteArray();
        }
        InetSocketAddress remote = (InetSocketAddress) session.getRemoteAddress();
        if (remote == null || request.length == 0) {
            session.closeNow();
            return;
        }
        workers.execute(() -> {
            byte[] reply = service.handle(request, remote.getAddress(), TmcdService.Transport.TCP);
            if (reply.length == 0) {
                session.closeNow();
            } else {
                session.write(IoBuffer.wrap(reply)).addListener(IoFutureListener.CLOSE);
            }
        });
    }

    private static void cancel(IoSession session, AttributeKey key) {
        Object f = session.removeAttribute(key);
        if (f instanceof ScheduledFuture<?> future) {
            future.cancel(false);
        }
    }

    private static String peer(IoSession session) {
        return session.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }
}
