package org.frisbeegw.gateway.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProxiedHostLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void eachProxiedHostHasItsOwnBucket() {
        ProxiedHostLimiter l = new ProxiedHostLimiter(10, 5);
        for (int i = 0; i < 5; i++) {
            assertTrue(l.admit(1, 0));
        }
        assertFalse(l.admit(1, 0), "host 1 used its burst");
        for (int host = 2; host < 1000; host++) {
            assertTrue(l.admit(host, 0), "another host is not held to host 1's rate");
        }
        assertTrue(l.admit(1, SECOND / 10), "a tenth of a second later host 1 has a token again");
    }

    @Test
    void quietHostsAreForgottenSoManyHostsStayBounded() {
        ProxiedHostLimiter l = new ProxiedHostLimiter(1000, 1);
        for (int host = 0; host < 100_000; host++) {
            assertTrue(l.admit(host, host * SECOND));
        }
        assertTrue(l.knownHosts() <= 4097, "known hosts: " + l.knownHosts());
    }
}
