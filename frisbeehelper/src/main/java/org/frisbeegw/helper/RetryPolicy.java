package org.frisbeegw.helper;

import java.time.Duration;

/**
 * How to react to TRYAGAIN on a real GET: ask again after {@code interval}, at most
 * {@code maxTries} requests in all. The C client's {@code -B secs} retries forever at a fixed
 * interval; here a cap is required so no caller can be stuck for good.
 */
public record RetryPolicy(Duration interval, int maxTries) {
    /** One try, TRYAGAIN is returned to the caller as is. */
    public static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO, 1);

    public RetryPolicy {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("retry interval must not be negative");
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1");
        }
    }
}
