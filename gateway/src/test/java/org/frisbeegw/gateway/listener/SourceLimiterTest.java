package org.frisbeegw.gateway.listener;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void concurrencyIsCappedPerSourceAndFreedOnClose() throws Exception {
        SourceLimiter l = new SourceLimiter(2, 1000, 1000);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        assertNull(l.admit(a, 0));
        assertNull(l.admit(a, 0));
        assertNotNull(l.admit(a, 0), "third open connection from a");
        assertNull(l.admit(b, 0), "b is not affected by a");
        l.closed(a);
        assertNull(l.admit(a, 0));
    }

    @Test
    void rateIsATokenBucket() throws Exception {
        SourceLimiter l = new SourceLimiter(1000, 10, 5);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        for (int i = 0; i < 5; i++) {
            assertNull(l.admit(a, 0), "burst of 5");
        }
        assertNotNull(l.admit(a, 0), "the sixth at once is refused");
        assertNull(l.admit(a, SECOND / 10), "one token back after 100 ms at 10/s");
        assertNotNull(l.admit(a, SECOND / 10));
    }
}
