package org.frisbeegw.gateway.frisbee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The pacer is a rate limiter, so its test measures elapsed time for a fixed amount of work and
 * checks only the lower bound the cap guarantees (never faster), which load cannot break.
 */
class PacerTest {

    @Test
    void bandwidthCapIsNeverExceeded() {
        // 200 packets of 1,250 bytes at 10 Mbit/s: at least 200 ms minus one burst of credit.
        Pacer pacer = new Pacer(16, 2000, 10_000_000);
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            pacer.beforeSend(1250);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 200 - 16 - 1, "200 x 1 ms packets took only " + ms + " ms");
    }

    @Test
    void burstGapSeparatesBurstsWithoutACap() {
        // 10 bursts of 4 packets, 5 ms apart: at least 9 gaps.
        Pacer pacer = new Pacer(4, 5000, 0);
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            pacer.beforeSend(1048);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 45, "9 gaps of 5 ms took only " + ms + " ms");
    }

    /** A clock that moves only when the code under test sends or sleeps. */
    private static final class FakeClock {
        long now;
        long slept;
        int sleeps;

        void sleep(long nanos) {
            now += nanos;
            slept += nanos;
            sleeps++;
        }
    }

    @Test
    void theIntervalRunsFromBurstToBurstSoSendingTimeCounts() {
        // frisbeed: a burst every 1000 us. Each send takes 100 us, so a burst of 4 leaves 600 us to sleep.
        FakeClock c = new FakeClock();
        Pacer pacer = new Pacer(4, 1000, 0, () -> c.now, c::sleep);
        for (int i = 0; i < 40; i++) {
            pacer.beforeSend(1048);
            c.now += 100_000;
        }
        assertEquals(9, c.sleeps, "a sleep between each of the 10 bursts");
        assertEquals(9 * 600_000L, c.slept, "only what is left of each interval");
    }

    @Test
    void aBurstThatOverranItsIntervalIsNotFollowedByASleep() {
        // Each send takes 300 us: a burst of 4 takes 1200 us, longer than the 1000 us interval.
        FakeClock c = new FakeClock();
        Pacer pacer = new Pacer(4, 1000, 0, () -> c.now, c::sleep);
        for (int i = 0; i < 40; i++) {
            pacer.beforeSend(1048);
            c.now += 300_000;
        }
        assertEquals(0, c.sleeps, "never slower than the sending itself, as frisbeed on a fast network");
    }
}
