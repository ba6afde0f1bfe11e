package org.frisbeegw.gateway.frisbee;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces out sends as frisbeed does. Without a bandwidth cap: bursts of {@code burstSize}
 * packets separated by {@code gapMicros}. With a cap (-W, bits per second) the cap alone sets the
 * pace, as frisbeed derives its bursts from it; sleeping happens once per burst to keep wake-ups
 * few, so the average never exceeds the cap.
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
            if (bitsPerSecond == 0) {
                nextAllowed = System.nanoTime() + gapNanos;
            }
            long wait = nextAllowed - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        if (bitsPerSecond > 0) {
            // Never bank more than one burst of credit, so an idle spell does not allow a flood.
            long floor = System.nanoTime() - burstSize * packetNanos(bytes);
            nextAllowed = Math.max(nextAllowed, floor) + packetNanos(bytes);
        }
        inBurst++;
    }

    private long packetNanos(int bytes) {
        return bytes * 8L * 1_000_000_000L / bitsPerSecond;
    }
}
