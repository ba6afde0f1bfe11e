package org.frisbeegw.gateway.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void manySourcesUnderTheirOwnCapStillMeetTheGlobalOne() throws Exception {
        SourceLimiter l = new SourceLimiter(100, 64, 1000, 1000, java.util.Set.of());
        int admitted = 0;
        for (int src = 1; src <= 10; src++) {
            InetAddress a = InetAddress.getByName("10.0.0." + src);
            for (int i = 0; i < 20; i++) {
                if (l.admit(a, 0) == null) {
                    admitted++;
                }
            }
        }
        assertEquals(100, admitted, "10 sources x 20 each, under 64 apiece, capped at 100 in all");
        l.closed(InetAddress.getByName("10.0.0.1"));
        assertNull(l.admit(InetAddress.getByName("10.0.0.99"), 0), "a freed place is usable at once");
    }

    @Test
    void trustedProxiesCountTowardTheTotalOnly() throws Exception {
        InetAddress boss = InetAddress.getByName("127.0.0.1");
        SourceLimiter l = new SourceLimiter(300, 2, 10, 5, java.util.Set.of(boss));
        for (int i = 0; i < 300; i++) {
            assertNull(l.admit(boss, 0), "a trusted proxy is not held to 2 open or 5 new per burst");
        }
        assertNotNull(l.admit(boss, 0), "the total cap still holds");
        assertNotNull(l.admit(InetAddress.getByName("10.0.0.1"), 0));
    }
}
