package org.frisbeegw.gateway.listener;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Flood control (cf. MetaServerII): at most {@code maxTotal} open connections in all (so many
 * sources each under their own limit cannot exhaust the heap together), at most
 * {@code maxConcurrent} from one address, and new connections from one address at most
 * {@code ratePerSecond} on average with bursts up to {@code burst} (a token bucket). Trusted
 * proxies (the boss's own tools, sub-bosses) count toward the total only: they speak for many
 * nodes, so their requests are limited per proxied host instead ({@link ProxiedHostLimiter}).
 */
public final class SourceLimiter {
    private final int maxTotal;
    private final int maxConcurrent;
    private int openTotal;
    private final double ratePerSecond;
    private final double burst;
    private final Map<InetAddress, Source> sources = new HashMap<>();
    private final Set<InetAddress> trusted;

    private static final class Source {
        int open;
        double tokens;
        long refilledAt;
    }

    public SourceLimiter(int maxConcurrent, double ratePerSecond, int burst) {
        this(Integer.MAX_VALUE, maxConcurrent, ratePerSecond, burst, Set.of());
    }

    public SourceLimiter(int maxTotal, int maxConcurrent, double ratePerSecond, int burst, Set<InetAddress> trusted) {
        this.trusted = Set.copyOf(trusted);
        this.maxTotal = maxTotal;
        this.maxConcurrent = maxConcurrent;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Null when the connection may go on (and is counted open), else why not. */
    public synchronized String admit(InetAddress source, long nowNanos) {
        if (openTotal >= maxTotal) {
            return openTotal + " connections open in all (limit " + maxTotal + ")";
        }
        Source s = sources.computeIfAbsent(source, a -> {
            Source n = new Source();
            n.tokens = burst;
            n.refilledAt = nowNanos;
            return n;
        });
        s.tokens = Math.min(burst, s.tokens + (nowNanos - s.refilledAt) / 1e9 * ratePerSecond);
        s.refilledAt = nowNanos;
        if (trusted.contains(source)) {
            s.open++;
            openTotal++;
            return null;
        }
        if (s.open >= maxConcurrent) {
            return s.open + " connections open from this source (limit " + maxConcurrent + ")";
        }
        if (s.tokens < 1) {
            return "more than " + (int) ratePerSecond + " connections per second from this source";
        }
        s.tokens -= 1;
        s.open++;
        openTotal++;
        return null;
    }

    /** A connection admitted earlier has closed. */
    public synchronized void closed(InetAddress source) {
        Source s = sources.get(source);
        if (s != null) {
            openTotal--;
        }
        if (s != null && --s.open <= 0 && s.tokens >= burst) {
            sources.remove(source); // forget quiet sources, so the map stays small
        }
    }
}
