package org.frisbeegw.gateway.frisbee;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces out sends as frisbeed does: bursts of {@code burstSize} packets separated by
 * {@code gapMicros}, and, when a bandwidth cap is set, never faster than that many bits per
 * second on average.
 */
final class Pacer {
    private final int burstSize;
    private final long gapNanos;
    private final long bitsPerSecond;
    private int inBurst;
    private long nextAllowed = System.nanoTime();

    Pacer(int burstSize, int gapMicros, long bitsPerSecond) {
        this.burstSize = burstSize;
        this.gapNanos = gapMicros * 1000L;
        this.bitsPerSecond = bitsPerSecond;
    }

    /** Waits as long as needed before a packet of {@code bytes} may go. */
    void beforeSend(int bytes) {
        if (inBurst >= burstSize) {
            inBurst = 0;
            if (gapNanos > 0) {
                nextAllowed = Math.max(nextAllowed, System.nanoTime() + gapNanos);
            }
        }
        long wait = nextAllowed - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        if (bitsPerSecond > 0) {
            long now = System.nanoTime();
            nextAllowed = Math.max(nextAllowed, now) + bytes * 8L * 1_000_000_000L / bitsPerSecond;
        }
        inBurst++;
    }
}
