package org.frisbeegw.gateway.listener;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-source flood control (cf. MetaServerII): at most {@code maxConcurrent} open connections
 * from one address, and new connections at most {@code ratePerSecond} on average with bursts
 * up to {@code burst} (a token bucket). Other sources are not affected.
 */
public final class SourceLimiter {
    private final int maxConcurrent;
    private final double ratePerSecond;
    private final double burst;
    private final Map<InetAddress, Source> sources = new HashMap<>();

    private static final class Source {
        int open;
        double tokens;
        long refilledAt;
    }

    public SourceLimiter(int maxConcurrent, double ratePerSecond, int burst) {
        this.maxConcurrent = maxConcurrent;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Null when the connection may go on (and is counted open), else why not. */
    public synchronized String admit(InetAddress source, long nowNanos) {
        Source s = sources.computeIfAbsent(source, a -> {
            Source n = new Source();
            n.tokens = burst;
            n.refilledAt = nowNanos;
            return n;
        });
        s.tokens = Math.min(burst, s.tokens + (nowNanos - s.refilledAt) / 1e9 * ratePerSecond);
        s.refilledAt = nowNanos;
        if (s.open >= maxConcurrent) {
            return s.open + " connections open from this source (limit " + maxConcurrent + ")";
        }
        if (s.tokens < 1) {
            return "more than " + (int) ratePerSecond + " connections per second from this source";
        }
        s.tokens -= 1;
        s.open++;
        return null;
    }

    /** A connection admitted earlier has closed. */
    public synchronized void closed(InetAddress source) {
        Source s = sources.get(source);
        if (s != null && --s.open <= 0 && s.tokens >= burst) {
            sources.remove(source); // forget quiet sources, so the map stays small
        }
    }
}
