package org.frisbeegw.gateway.frisbee;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Spaces out sends as frisbeed does. Without a bandwidth cap: a burst of {@code burstSize}
 * packets every {@code gapMicros} (the spec's "bursts of 16 every 2000 us"): the interval runs
 * from one burst's deadline to the next, so the time spent sending counts toward it, and a
 * burst that overran its interval is not followed by a sleep; the interval then restarts from
 * now (frisbeed's sleeptil/startnext). With a cap (-W, bits per second) the cap alone sets the
 * pace, as frisbeed derives its bursts from it; sleeping happens once per burst to keep wake-ups
 * few, so the average never exceeds the cap.
 */
final class Pacer {
    private final int burstSize;
    private final long gapNanos;
    private final long bitsPerSecond;
    private final LongSupplier clock;
    private final LongConsumer sleeper;
    private int inBurst;
    private long nextAllowed;

    Pacer(int burstSize, int gapMicros, long bitsPerSecond) {
        this(burstSize, gapMicros, bitsPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /** With a clock and a way to wait, for tests. */
    Pacer(int burstSize, int gapMicros, long bitsPerSecond, LongSupplier clock, LongConsumer sleeper) {
        this.burstSize = burstSize;
        this.gapNanos = gapMicros * 1000L;
        this.bitsPerSecond = bitsPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.nextAllowed = clock.getAsLong() + (bitsPerSecond == 0 ? gapNanos : 0);
    }

    /** Waits as long as needed before a packet of {@code bytes} may go. */
    void beforeSend(int bytes) {
        if (inBurst >= burstSize) {
            inBurst = 0;
            long wait = nextAllowed - clock.getAsLong();
            if (wait > 0) {
                sleeper.accept(wait);
            }
            if (bitsPerSecond == 0) {
                // Overran (or idle): restart the interval from now rather than catch up in a flood.
                nextAllowed = wait > 0 ? nextAllowed + gapNanos : clock.getAsLong() + gapNanos;
            }
        }
        if (bitsPerSecond > 0) {
            // Never bank more than one burst of credit, so an idle spell does not allow a flood.
            long floor = clock.getAsLong() - burstSize * packetNanos(bytes);
            nextAllowed = Math.max(nextAllowed, floor) + packetNanos(bytes);
        }
        inBurst++;
    }

    private long packetNanos(int bytes) {
        return bytes * 8L * 1_000_000_000L / bitsPerSecond;
    }
}
