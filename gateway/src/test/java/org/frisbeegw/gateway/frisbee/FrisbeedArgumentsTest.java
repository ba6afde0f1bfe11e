package org.frisbeegw.gateway.frisbee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrisbeedArgumentsTest {
    private final ServerSettings base = ServerSettings.defaults(Path.of("x"), InetAddress.getLoopbackAddress(),
            InetAddress.getLoopbackAddress(), 1283);

    @Test
    void nullConfigOptionsSetTheCapAndAcceptKeepAlive() {
        ServerSettings s = FrisbeedArguments.apply(base, List.of("-W", "100000000", "-K", "15"));
        assertEquals(100_000_000L, s.bandwidthBitsPerSecond());
        assertEquals(16, s.burstSize());
        assertEquals(2000, s.burstGapMicros());
    }

    @Test
    void broadcastFlagIsTakenAndRefusedForAGroup() throws Exception {
        assertTrue(FrisbeedArguments.apply(base, List.of("-b")).broadcast());
        assertFalse(base.broadcast());
        ServerSettings group = ServerSettings.defaults(Path.of("x"), InetAddress.getLoopbackAddress(),
                InetAddress.getByName("239.192.1.2"), 1283);
        assertThrows(IllegalArgumentException.class, () -> FrisbeedArguments.apply(group, List.of("-b")));
        assertTrue(ServerSettings.defaults(Path.of("x"), InetAddress.getLoopbackAddress(),
                InetAddress.getByName("255.255.255.255"), 1283).broadcast(), "the limited broadcast address implies -b");
    }

    @Test
    void burstTuningAndBadOptions() {
        ServerSettings s = FrisbeedArguments.apply(base, List.of("-B", "64", "-G", "0", "-d"));
        assertEquals(64, s.burstSize());
        assertEquals(0, s.burstGapMicros());
        assertThrows(IllegalArgumentException.class, () -> FrisbeedArguments.apply(base, List.of("-x")));
        assertThrows(IllegalArgumentException.class, () -> FrisbeedArguments.apply(base, List.of("-W")));
        assertThrows(IllegalArgumentException.class, () -> FrisbeedArguments.apply(base, List.of("-W", "fast")));
        assertThrows(IllegalArgumentException.class, () -> FrisbeedArguments.apply(base, List.of("-B", "0")));
    }
}
