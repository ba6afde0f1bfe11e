package org.frisbeegw.gateway.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First filter of the master listener: closes connections a {@link SourceLimiter} refuses,
 * before any byte is read. Refusals are counted and logged at most once a second.
 */
final class FloodControlFilter extends IoFilterAdapter {
    private static final Logger log = LoggerFactory.getLogger(FloodControlFilter.class);
    private static final AttributeKey ADMITTED = new AttributeKey(FloodControlFilter.class, "admitted");

    private final SourceLimiter limiter;
    private final AtomicLong refused;
    private volatile long lastLog;

    FloodControlFilter(SourceLimiter limiter, AtomicLong refused) {
        this.limiter = limiter;
        this.refused = refused;
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession session) throws Exception {
        InetAddress source = ((InetSocketAddress) session.getRemoteAddress()).getAddress();
        String why = limiter.admit(source, System.nanoTime());
        if (why != null) {
            long n = refused.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastLog > 1_000_000_000L) {
                lastLog = now;
                log.warn("{}: connection refused: {} ({} refused so far)", source.getHostAddress(), why, n);
            }
            session.closeNow(); // events still flow on: MINA finishes its close bookkeeping at the chain's end
        } else {
            session.setAttribute(ADMITTED, source);
        }
        next.sessionCreated(session);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        if (session.removeAttribute(ADMITTED) instanceof InetAddress a) {
            limiter.closed(a);
        }
        next.sessionClosed(session);
    }
}
