package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.DbSettings;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.pair.DbPairState;
import org.frisbeegw.gateway.pair.FencedException;
import org.frisbeegw.gateway.pair.PairMember;
import org.frisbeegw.gateway.pair.PairState;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pair's shared state in the Emulab database (-C emulab --pair), on H2 and on a real
 * MariaDB: its tables are created when missing, epochs are taken in turn, a former active's
 * lines are refused without a trace, and hostile rows are skipped by epoch and line.
 */
class PairStateDbIT {
    private static final int SERVADDR = 0x0a000064;
    private static final int GROUP = 0xef430001;

    @TempDir
    Path tmp;

    static List<String> databases() {
        return TestDatabases.names();
    }

    private static String start(int port) {
        return ServerJournal.startLines(List.of(new ServerJournal.Entry(Instant.ofEpochMilli(1_700_000_000_000L), port,
                TransferMethods.MULTICAST, SERVADDR, GROUP, GROUP, Duration.ofSeconds(1800), "img" + port,
                Path.of("/images/img" + port), List.of()))).get(0);
    }

    private String freshUrl(String which) throws Exception {
        String url = TestDatabases.fresh(which, tmp.toString());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS frisbeegw_pair_journal");
            s.execute("DROP TABLE IF EXISTS frisbeegw_pair_epoch");
        }
        return url;
    }

    private static DbSettings settings(String url) {
        return new DbSettings(url, Optional.empty(), Optional.empty(), false);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void takeoverFencingAndRelease(String which) throws Exception {
        String url = freshUrl(which);
        try (DbPairState a = DbPairState.open(settings(url)); DbPairState b = DbPairState.open(settings(url))) {
            assertEquals(PairState.EpochView.NONE, a.current(), "tables created, no epoch yet");
            assertEquals(1, a.take("boss-a", ServerJournal.EntryCheck.ANY).epoch());
            a.append(1, start(1283));
            a.append(1, start(1284));
            a.append(1, "stop 1283 exit%200");
            a.append(1, "upload %2Fuploads%2Fimg.ndz.1f.tmp");

            PairState.Takeover t = b.take("boss-b", ServerJournal.EntryCheck.ANY);
            assertEquals(2, t.epoch());
            assertEquals(List.of(1284), t.leftovers().servers().stream().map(ServerJournal.Entry::port).toList());
            assertEquals(List.of(Path.of("/uploads/img.ndz.1f.tmp")), t.leftovers().uploads(),
                    "an unfinished upload's temporary is handed over for removal");

            FencedException fenced = assertThrows(FencedException.class, () -> a.append(1, start(1300)));
            assertEquals(2, fenced.newest());
            a.release(1);
            assertEquals(new PairState.EpochView(2, "boss-b", false), b.current(), "a stale release changes nothing");

            b.append(2, start(1301));
            b.release(2);
            assertTrue(a.current().released());
            PairState.Takeover back = a.take("boss-a", ServerJournal.EntryCheck.ANY);
            assertEquals(3, back.epoch());
            assertEquals(List.of(1284, 1301), back.leftovers().servers().stream().map(ServerJournal.Entry::port).toList(),
                    "the fenced line of epoch 1 is nowhere");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoMembersOverTheDatabaseFenceEachOtherAndHandOver(String which) throws Exception {
        String url = freshUrl(which);
        Path images = Files.createDirectories(tmp.resolve("images"));
        GatewayConfig config = GatewayConfig.builder()
                .master(m -> m.withBind(InetAddress.getLoopbackAddress()).withPort(0))
                .images(i -> i.withDirs(List.of(images))).build();
        try (DbPairState stateA = DbPairState.open(settings(url)); DbPairState stateB = DbPairState.open(settings(url));
             PairMember a = PairMember.start("boss-a", stateA, Gateway.journalCheck(config),
                     j -> Gateway.start(config, j), Clock.systemUTC());
             PairMember b = PairMember.start("boss-b", stateB, Gateway.journalCheck(config),
                     j -> Gateway.start(config, j), Clock.systemUTC())) {
            assertTrue(a.becomeActive().get(0).startsWith("ok active epoch 1"));
            assertTrue(b.becomeActive().get(0).startsWith("ok active epoch 2"), "split brain: b takes a newer epoch");
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.isActive());
            assertTrue(a.role().get(0).contains("fenced: epoch 2 taken by boss-b"), a.role().toString());
            b.becomeStandby();
            await().atMost(Duration.ofSeconds(5)).until(a::isActive);
            assertTrue(a.role().get(0).startsWith("ok active epoch 3"), a.role().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void hostileRowsAreSkippedOneByOne(String which) throws Exception {
        String url = freshUrl(which);
        try (DbPairState a = DbPairState.open(settings(url))) {
            a.take("boss-a", ServerJournal.EntryCheck.ANY);
            a.append(1, start(1283));
            try (Connection c = DriverManager.getConnection(url);
                 PreparedStatement i = c.prepareStatement("INSERT INTO frisbeegw_pair_journal (epoch, seq, line) VALUES (1, ?, ?)")) {
                int seq = 100;
                for (String bad : List.of("start 1 2 3", "rm -rf /", "stop", start(70000), start(1290))) {
                    i.setInt(1, seq++);
                    i.setString(2, bad);
                    i.executeUpdate();
                }
            }
            PairState.Takeover t = a.take("boss-a", e -> e.imageId().equals("img1290") ? "refused by the check" : null);
            assertEquals(List.of(1283), t.leftovers().servers().stream().map(ServerJournal.Entry::port).toList());
            assertFalse(t.leftovers().servers().isEmpty());
        }
    }
}
