package org.frisbeegw.gateway.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;

class ServerRegistryResumeTest {
    private static final int GROUP = 0xefc00102;

    private static ServerJournal.Entry entry(int port) {
        return new ServerJournal.Entry(Instant.EPOCH, port, TransferMethods.MULTICAST, 0x7f000001, GROUP + port, GROUP + port,
                Duration.ofSeconds(60), "img" + port, Path.of("/images/img" + port), List.of());
    }

    @Test
    void everyStreamIsLaunchedBeforeAnyIsCheckedAndOnlyTheLiveOnesAreKept() {
        // The second launch exits at once; the others run. A start-up check of 100 ms is waited once.
        FakeLauncher launcher = new FakeLauncher().exitAtOnceOnLaunch(2, 1);
        ServerRegistry r = new ServerRegistry(launcher, new AddressAllocator(AddressPlan.NULL_CONFIG),
                Duration.ofMillis(100), Clock.systemUTC());
        List<ServerJournal.Entry> entries = IntStream.range(1283, 1288).mapToObj(ServerRegistryResumeTest::entry).toList();

        assertEquals(4, r.resumeAll(entries));
        assertEquals(5, launcher.launches.size());
        assertEquals(List.of(1283, 1285, 1286, 1287), r.running().stream().map(RunningServer::port).sorted().toList());
        assertTrue(r.running().stream().allMatch(s -> s.addr() == GROUP + s.port()), "same group as journalled");
        assertEquals(0, r.resumeAll(List.of(entry(1283))), "a port still in use is not resumed twice");
    }
}
