package org.frisbeegw.tmcd.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedUdpWorkTest {
    @Test
    void aSprayIsDroppedBeyondTheBoundsAndWorkResumesWhenItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(10);
        try (BoundedUdpWork work = new BoundedUdpWork(2, 8, 4)) {
            int accepted = 0;
            for (int i = 0; i < 10_000; i++) {
                InetAddress forged = InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) i});
                if (work.offer(forged, () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ran.countDown();
                })) {
                    accepted++;
                }
            }
            assertEquals(10, accepted, "2 threads + a queue of 8, whatever the spray");
            assertEquals(10_000 - 10, work.dropped());
            release.countDown();
            CountDownLatch legit = new CountDownLatch(1);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!work.offer(InetAddress.getLoopbackAddress(), legit::countDown) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(legit.await(5, TimeUnit.SECONDS), "a real request is served once the spray stops");
            // The legitimate request may finish before the last sprayed one does: await, not read.
            assertTrue(ran.await(5, TimeUnit.SECONDS), "every accepted request ran");
        }
    }

    @Test
    void oneSourceGetsAtMostItsShare() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BoundedUdpWork work = new BoundedUdpWork(4, 64, 3)) {
            InetAddress one = InetAddress.getByName("127.0.0.9");
            int accepted = 0;
            for (int i = 0; i < 100; i++) {
                if (work.offer(one, () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })) {
                    accepted++;
                }
            }
            assertEquals(3, accepted);
            assertTrue(work.offer(InetAddress.getByName("127.0.0.10"), () -> { }), "another source is not starved");
            release.countDown();
            assertFalse(work.sources() > 2);
        }
    }
}
