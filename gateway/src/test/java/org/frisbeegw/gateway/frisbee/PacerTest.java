package org.frisbeegw.gateway.frisbee;

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
}
