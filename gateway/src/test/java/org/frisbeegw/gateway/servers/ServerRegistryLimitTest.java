package org.frisbeegw.gateway.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;

class ServerRegistryLimitTest {
    private static ImageRecord image(String name) {
        return new ImageRecord(name, Path.of("/images", name), TransferMethods.UNICAST | TransferMethods.MULTICAST,
                Duration.ofSeconds(180), List.of(), 0, Duration.ofSeconds(1));
    }

    @Test
    void beyondTheServerCapClientsAreToldToTryAgain() {
        FakeLauncher launcher = new FakeLauncher();
        ServerRegistry r = new ServerRegistry(launcher, new AddressAllocator(AddressPlan.NULL_CONFIG), Duration.ZERO,
                Clock.systemUTC(), 1);
        assertInstanceOf(ServeOutcome.Serving.class, r.acquire(image("a"), TransferMethods.MULTICAST, 1, 1));
        ServeOutcome second = r.acquire(image("b"), TransferMethods.MULTICAST, 1, 1);
        assertEquals(MsError.TRYAGAIN, ((ServeOutcome.Refused) second).error());
        assertInstanceOf(ServeOutcome.Serving.class, r.acquire(image("a"), TransferMethods.MULTICAST, 1, 1),
                "joining a running server is not limited");
        launcher.servers.get(0).exitWith(0);
        assertInstanceOf(ServeOutcome.Serving.class, r.acquire(image("b"), TransferMethods.MULTICAST, 1, 1));
        assertEquals(2, launcher.launches.size());
    }
}
