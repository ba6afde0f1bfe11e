package org.frisbeegw.gateway.pair;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.servers.FakeLauncher;
import org.frisbeegw.gateway.servers.LaunchSpec;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members of a pair in one JVM, on one shared directory, each with its own master port on
 * loopback and a {@link FakeLauncher} (so both may "run" the same stream): roles, takeover,
 * fencing and release, as keepalived's notify hook drives them.
 */
class PairMemberTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private final FakeLauncher launcherA = new FakeLauncher();
    private final FakeLauncher launcherB = new FakeLauncher();
    private PairMember a;
    private PairMember b;

    @BeforeEach
    void start() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.write(images.resolve("img.ndz"), new byte[4096]);
        Path shared = tmp.resolve("shared");
        GatewayConfig config = GatewayConfig.builder()
                .master(m -> m.withBind(InetAddress.getLoopbackAddress()).withPort(0))
                .images(i -> i.withDirs(List.of(images)))
                .launch(l -> l.withStartupCheck(Duration.ZERO))
                .operations(o -> o.withStateDir(shared))
                .build();
        a = member("boss-a", shared, config, launcherA);
        b = member("boss-b", shared, config, launcherB);
    }

    private static PairMember member(String name, Path shared, GatewayConfig config, FakeLauncher launcher) {
        return PairMember.start(name, new DirectoryPairState(shared), Gateway.journalCheck(config),
                journal -> Gateway.start(config, launcher, journal), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static MasterClient client(PairMember m) {
        InetSocketAddress at = m.gateway().orElseThrow().masterAddress();
        return new MasterClient(at, Deadlines.uniform(Duration.ofSeconds(5)), RetryPolicy.NONE);
    }

    @Test
    void standbyListensOnNothingUntilToldToBecomeActive() throws Exception {
        assertFalse(a.isActive());
        assertTrue(a.gateway().isEmpty());
        assertEquals("standby", a.status().pair().orElseThrow().role());
        assertEquals(List.of("ok active epoch 1 (told to become active)"), a.becomeActive());
        GetReply r = client(a).get("img.ndz", TransferMethods.MULTICAST);
        assertEquals(0, r.error());
        assertEquals("active", a.status().pair().orElseThrow().role());
        assertEquals(1, a.status().servers().size());
    }

    @Test
    void theNewActiveResumesEveryStreamAndTheFormerStepsDownFenced() throws Exception {
        a.becomeActive();
        GetReply r = client(a).get("img.ndz", TransferMethods.MULTICAST);
        assertEquals(0, r.error());
        InetSocketAddress aMaster = a.gateway().orElseThrow().masterAddress();
        LaunchSpec original = launcherA.launches.get(0);

        // Split brain: keepalived on both sides says MASTER. The later taker wins.
        assertEquals(List.of("ok active epoch 2 (told to become active)"), b.becomeActive());
        LaunchSpec resumed = launcherB.launches.get(0);
        assertEquals(original.port(), resumed.port(), "same port");
        assertEquals(original.destination(), resumed.destination(), "same group");
        assertEquals(original.servAddr(), resumed.servAddr(), "sent from the same (service) address");

        await().atMost(BOUND).until(() -> !a.isActive());
        assertTrue(a.role().get(0).contains("fenced: epoch 2 taken by boss-b"), a.role().toString());
        assertThrows(ConnectException.class, () -> new Socket(aMaster.getAddress(), aMaster.getPort()).close(),
                "the fenced gateway's master port is closed");
        GetReply again = client(b).get("img.ndz", TransferMethods.MULTICAST);
        assertEquals(r.port(), again.port(), "the new active joins the resumed stream");
        assertEquals(1, launcherB.launches.size(), "and starts no second one");
    }

    @Test
    void whenTheOtherReleasesTheMemberKeepalivedWantsTakesOver() throws Exception {
        a.becomeActive();
        assertEquals(0, client(a).get("img.ndz", TransferMethods.MULTICAST).error());
        b.becomeActive();
        await().atMost(BOUND).until(() -> !a.isActive());

        // VRRP heals: keepalived makes b BACKUP; a is still wanted active and takes epoch 3.
        assertEquals("ok standby epoch 2 (told to become standby)", b.becomeStandby().get(0));
        await().atMost(BOUND).until(a::isActive);
        assertTrue(a.role().get(0).startsWith("ok active epoch 3 (epoch 2 released by boss-b)"), a.role().toString());
        assertEquals(2, launcherA.launches.size(), "a resumed the stream b handed over");
        assertEquals(launcherA.launches.get(0).port(), launcherA.launches.get(1).port());
    }

    @Test
    void aHandOverLeavesTheStreamsJournalledForTheNextActive() throws Exception {
        a.becomeActive();
        assertEquals(0, client(a).get("img.ndz", TransferMethods.MULTICAST).error());
        a.becomeStandby();
        assertTrue(launcherA.servers.get(0).exit().isDone(), "a stopped its server");
        b.becomeActive();
        assertEquals(1, launcherB.launches.size(), "b resumed it");
        assertEquals(1, b.status().servers().size());
    }
}
