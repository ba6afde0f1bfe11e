package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A real gateway with -C emulab, asked over loopback by the sample site's nodes (127.0.1.x). */
class EmulabGatewayIT {
    @TempDir
    Path root;
    Gateway gateway;
    Server h2;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    static List<String> databases() {
        return TestDatabases.names();
    }

    private Gateway start(String... extra) throws Exception {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("proj/testbed/images"));
        Files.write(root.resolve("images/FBSD73-STD.ndz"), new byte[3000]);
        Files.write(root.resolve("proj/testbed/images/TB-PRIVATE.ndz"), new byte[2000]);
        List<String> args = new ArrayList<>(List.of("-C", "emulab", "-I", root.toString(), "-i", "127.0.0.1", "-p", "0"));
        args.addAll(List.of(extra));
        gateway = Gateway.start(GatewayOptions.parse(args.toArray(String[]::new)));
        return gateway;
    }

    private MasterClient from(int node) throws Exception {
        return new MasterClient(gateway.masterAddress(), Deadlines.uniform(Duration.ofSeconds(5)), RetryPolicy.NONE)
                .withLocalAddress(InetAddress.getByName(TestDatabases.NET + "." + node));
    }

    private void assertSampleSiteRules() throws Exception {
        GetReply own = from(1).status("testbed/TB-PRIVATE");
        assertEquals(0, own.error());
        assertEquals(2000, own.size());
        assertEquals(MsError.NOACCESS.code(), from(3).status("testbed/TB-PRIVATE").error(), "pc3 is free");
        assertEquals(MsError.NOHOST.code(), from(99).status("testbed/TB-PRIVATE").error());
        assertEquals(MsError.NOIMAGE.code(), from(1).status("testbed/NOPE").error());
        assertEquals(MsError.NOACCESS.code(), from(1).status("testbed/ALPHA-ONLY").error());
    }

    @Test
    void embeddedDefaultServesTheSampleSiteWithNoDatabaseServer() throws Exception {
        start();
        assertSampleSiteRules();
        GetReply get = from(1).get("emulab-ops/FBSD73-STD", TransferMethods.MULTICAST);
        assertEquals(0, get.error());
        assertEquals(TransferMethods.MULTICAST, get.method());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRealDatabaseThroughDbUrl(String which) throws Exception {
        String url = TestDatabases.fresh(which, root.toString());
        start("--db-url", url);
        assertSampleSiteRules();
        assertEquals(0, from(4).proxyStatus(ip(1), "testbed/TB-PRIVATE").error(), "sub-boss pc4 for pc1");
        assertEquals(MsError.FAILED.code(), from(4).proxyStatus(ip(2), "testbed/TB-PRIVATE").error());
    }

    @Test
    void databaseDownMidServiceIsFailedAndThePoolRecovers() throws Exception {
        h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", root.resolve("h2").toString(), "-ifNotExists").start();
        int port = h2.getPort();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/emulab;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        TestDatabases.load(url, root.toString());
        start("--db-url", url);
        assertEquals(0, from(1).status("testbed/TB-PRIVATE").error());

        h2.stop();
        GetReply down = from(1).status("testbed/TB-PRIVATE");
        assertEquals(MsError.FAILED.code(), down.error(), "a clean FAILED, not a hang or a dropped connection");

        h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", root.resolve("h2").toString(),
                "-ifNotExists").start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> from(1).status("testbed/TB-PRIVATE").error() == 0);
        assertTrue(gateway.servers().running().isEmpty());
    }

    private static int ip(int node) throws Exception {
        return org.frisbeegw.wire.Ipv4.toInt(InetAddress.getByName(TestDatabases.NET + "." + node));
    }
}
