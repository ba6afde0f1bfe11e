package org.frisbeegw.gateway.listener;

import java.util.HashMap;
import java.util.Map;

/**
 * Proxy requests (hostip set) limited per proxied host: a token bucket per host, so a trusted
 * proxy asking for hundreds of reloading nodes is not held to one address's rate, while one node
 * asked for in a loop still is. Quiet hosts are forgotten, so the map stays small.
 */
final class ProxiedHostLimiter {
    /** Forget full buckets once this many hosts are known. */
    private static final int SWEEP_AT = 4096;

    private final double ratePerSecond;
    private final double burst;
    private final Map<Integer, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    ProxiedHostLimiter(double ratePerSecond, int burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** True when a request for {@code hostIp} may go on now (and takes a token). */
    synchronized boolean admit(int hostIp, long nowNanos) {
        if (buckets.size() >= SWEEP_AT) {
            buckets.values().removeIf(b -> refill(b, nowNanos) >= burst);
        }
        Bucket b = buckets.computeIfAbsent(hostIp, h -> {
            Bucket n = new Bucket();
            n.tokens = burst;
            n.refilledAt = nowNanos;
            return n;
        });
        if (refill(b, nowNanos) < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    /** Hosts with a bucket now (bounded by the sweep). */
    synchronized int knownHosts() {
        return buckets.size();
    }

    /** The bucket's tokens now. */
    private double refill(Bucket b, long nowNanos) {
        b.tokens = Math.min(burst, b.tokens + (nowNanos - b.refilledAt) / 1e9 * ratePerSecond);
        b.refilledAt = nowNanos;
        return b.tokens;
    }
}
