package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted proxy (the boss's frisbeehelper, a sub-boss) speaks for many nodes: over TCP its
 * requests are limited per proxied host, not per its own address, while one node asked for in a
 * loop is still slowed (TRYAGAIN).
 */
class TrustedProxyIT {
    @TempDir
    Path tmp;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        // 5 new connections per second from one address, bursts of 20: far below what the loops ask.
        gw = TestGateway.start(tmp, "--proxy-from", "127.0.0.1", "--max-connection-rate", "5", "--connection-burst", "20");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aTrustedProxyAsksForManyNodesBeyondOneAddresssRate() throws Exception {
        MasterClient boss = gw.client();
        for (int node = 1; node <= 600; node++) {
            int host = Ipv4.parse("10.1." + (node >> 8) + "." + (node & 0xff));
            assertEquals(0, boss.proxyStatus(host, TestGateway.IMAGE).error(), "node " + node);
        }
        assertEquals(0, gw.gateway.refusedConnections(), "no connection of the trusted proxy was refused");
    }

    @Test
    void oneNodeAskedForInALoopIsSlowedWithTryAgain() throws Exception {
        MasterClient boss = gw.client();
        int host = Ipv4.parse("10.1.0.1");
        int busy = 0;
        for (int i = 0; i < 200; i++) {
            if (boss.proxyStatus(host, TestGateway.IMAGE).error() == MsError.TRYAGAIN.code()) {
                busy++;
            }
        }
        // At most 20 + 5 per second of the loop's run are admitted; even a slow machine stays far below 100.
        assertTrue(busy >= 100, "beyond the burst of 20 (at 5/s), most requests for one node are TRYAGAIN: " + busy);
    }
}
