package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old and new MFS nodes asking the gateway's tmcd bridge for loadinfo over TCP and UDP, with a
 * real master server behind it and a stand-in for the real tmcd for every other command.
 */
class TmcdBridgeIT {
    private static final String TAIL = " DISK=ad0 ZFILL=0 ACPI=unknown MBRVERS=1 ASF=unknown PREPARE=0 NOCLFLUSH=unknown";
    private static final String COMPAT_V32 = "ADDR=239.192.1.2:1283 PART=1 PARTOS=FreeBSD SERVER=127.0.0.1" + TAIL + "\n";
    private static final String COMPAT_V30 = "ADDR=239.192.1.2:1283 PART=1 PARTOS=FreeBSD" + TAIL + "\n";
    private static final String NAMED_V33 = "ADDR= PART=1 PARTOS=FreeBSD SERVER=127.0.0.1" + TAIL
            + " IMAGEID=emulab-ops,emulab-ops,FBSD73-STD\n";

    @TempDir
    Path tmp;
    FakeUpstreamTmcd upstream;
    TestGateway gw;
    Tmcc pc1;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstreamTmcd();
        Path reloads = Files.writeString(tmp.resolve("reloads"), String.join("\n",
                "# node pc1 at 127.0.0.2 reloads emulab-ops/FBSD73-STD onto slice 1",
                "node pc1 ip=127.0.0.2",
                "reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=FBSD73-STD part=1 os=FreeBSD",
                "node pc9 ip=127.0.0.9",
                ""));
        gw = TestGateway.start(tmp, "--tmcd-ports", "0", "--reload-info", reloads.toString(),
                "--boss-ip", "127.0.0.1", "--tmcd-upstream", "127.0.0.1:" + upstream.address().getPort());
        // The compat path asks the master server for "pid/name": the image file of that name.
        Files.copy(gw.images.resolve(TestGateway.IMAGE), gw.images.resolve("emulab-ops/FBSD73-STD"));
        pc1 = new Tmcc("127.0.0.2", gw.gateway.tmcdPorts().get(0));
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @Test
    void eachVersionBandGetsItsLineOverTcp() throws Exception {
        assertEquals(COMPAT_V32, pc1.tcp("VERSION=32 loadinfo "));
        assertEquals(COMPAT_V32, pc1.tcp("VERSION=31 loadinfo "));
        assertEquals(COMPAT_V30, pc1.tcp("VERSION=30 loadinfo "));
        assertEquals(COMPAT_V30, pc1.tcp("VERSION=29 loadinfo "));
        assertEquals(COMPAT_V30, pc1.tcp("loadinfo "), "no VERSION= means 2");
        assertEquals(NAMED_V33, pc1.tcp("VERSION=33 loadinfo "));
        assertEquals(NAMED_V33, pc1.tcp("VERSION=34 loadinfo "));
        assertEquals(1, gw.gateway.servers().running().size(), "every compat request joined one multicast server");
    }

    /**
     * A mass reload of old MFS nodes: 1,000 VERSION=32 loadinfo requests, each a proxy GET to the
     * master service. The bridge calls it in-process, so the master port's per-source limits
     * (200 connections/s from one address by default) do not throttle the gateway's own bridge.
     */
    @Test
    void aThousandOldNodeRequestsAreAllAnsweredWithDefaultLimits() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                replies.add(nodes.submit(() -> pc1.tcp("VERSION=32 loadinfo ")));
            }
            for (Future<String> r : replies) {
                assertEquals(COMPAT_V32, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            nodes.shutdownNow();
        }
        assertEquals(0, gw.gateway.refusedConnections(), "no connection of the bridge was refused");
        assertTrue(gw.gateway.counters().gets() >= 1000, "every request reached the master service");
    }

    @Test
    void udpGetsOneDatagram() throws Exception {
        assertEquals(NAMED_V33, pc1.udp("VERSION=34 loadinfo ", 5000));
        assertEquals(COMPAT_V32, pc1.udp("VERSION=32 loadinfo ", 5000));
    }

    @Test
    void negativeAndHugeVersionsPickTheOldestAndNewestDialects() throws Exception {
        assertEquals(COMPAT_V30, pc1.tcp("VERSION=-7 loadinfo "));
        assertEquals(NAMED_V33, pc1.tcp("VERSION=99999999999999999999 loadinfo "));
    }

    @Test
    void aNodeWithoutReloadsGetsTheEmptyReply() throws Exception {
        assertEquals("", new Tmcc("127.0.0.9", gw.gateway.tmcdPorts().get(0)).tcp("VERSION=34 loadinfo "));
    }

    @Test
    void otherCommandsAreRelayedWithRedirectFromTmcdsOwnAddress() throws Exception {
        assertEquals("FREE\n", pc1.tcp("VERSION=34 status "));
        assertEquals("FREE\n", pc1.udp("VERSION=34 status ", 5000));
        assertEquals("", pc1.tcp("VERSION=34 state RELOADING "));
        assertEquals("", pc1.tcp("VERSION=34 frobnicate "), "unknown commands are tmcd's to refuse");
        List<FakeUpstreamTmcd.Seen> seen = upstream.seen;
        assertEquals(new FakeUpstreamTmcd.Seen("127.0.0.1", "REDIRECT=127.0.0.2 VERSION=34 status ", "TCP"), seen.get(0));
        assertEquals(new FakeUpstreamTmcd.Seen("127.0.0.1", "REDIRECT=127.0.0.2 VERSION=34 status ", "UDP"), seen.get(1));
        assertEquals("REDIRECT=127.0.0.2 VERSION=34 state RELOADING ", seen.get(2).request());
        assertEquals("REDIRECT=127.0.0.2 VERSION=34 frobnicate ", seen.get(3).request());
    }

    @Test
    void garbageOversizedAndForgedRequestsGetNoReplyAndNeverReachTmcd() throws Exception {
        assertEquals("", pc1.tcp("\u0001\u0002\u00ff garbage"));
        assertEquals("", pc1.tcp("VERSION=34  loadinfo "), "double SP before the command");
        assertEquals("", pc1.tcp("VERSION=x loadinfo "));
        assertEquals("", pc1.tcp("REDIRECT=127.0.0.5 VERSION=34 status "), "nodes may not forge REDIRECT");
        byte[] huge = ("VERSION=34 loadinfo " + "A".repeat(64 * 1024)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, pc1.tcpBytes(huge).length);
        assertNull(pc1.udp("VERSION=34 " + "B".repeat(3000), 500), "oversized datagram: no reply");
        assertTrue(upstream.seen.isEmpty(), "none of these was relayed: " + upstream.seen);
        assertEquals(NAMED_V33, pc1.tcp("VERSION=34 loadinfo "), "still serving");
    }

    @Test
    void frisbeehelperJarRunsAsTmcdWouldRunIt() throws Exception {
        Path dir = Path.of(System.getProperty("frisbeehelper.dir", "../frisbeehelper/target"));
        Path hosts = Files.writeString(tmp.resolve("hosts"), "pc1 127.0.0.2\n");
        Process p = new ProcessBuilder(dir.resolve("frisbeehelper").toString(), "-n", "pc1",
                "--master", "127.0.0.1:" + gw.address().getPort(), "--hosts", hosts.toString(), "emulab-ops/FBSD73-STD")
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "helper finished");
        assertEquals("", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("Address is 239.192.1.2:1283\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue());

        Process bad = new ProcessBuilder(dir.resolve("frisbeehelper").toString(), "-n", "pc1",
                "--master", "127.0.0.1:" + gw.address().getPort(), "--hosts", hosts.toString(), "emulab-ops/NOPE").start();
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(255, bad.exitValue());
        assertEquals("", new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.matches("\\*\\*\\* .*frisbeehelper:\n    emulab-ops/NOPE: could not start server \\(NOIMAGE\\)\n"), err);
    }

    /**
     * The adversarial run's spray: VERSION=32 loadinfo datagrams from many (forgeable) sources as
     * fast as one thread can send for 3 s. The work queue is bounded, so right after the spray a
     * real node is answered at once.
     */
    @Test
    void aUdpSprayIsShedAndServiceResumesWithinASecond() throws Exception {
        int port = gw.gateway.tmcdPorts().get(0);
        InetSocketAddress bridge = new InetSocketAddress("127.0.0.1", port);
        byte[] spray = "VERSION=32 loadinfo ".getBytes(StandardCharsets.US_ASCII);
        List<DatagramChannel> sources = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                sources.add(DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress("127.0.0." + (100 + i), 0)));
            }
            long end = System.nanoTime() + 3_000_000_000L;
            long sent = 0;
            while (System.nanoTime() < end && sent < 2_000_000) {
                sources.get((int) (sent % sources.size())).send(ByteBuffer.wrap(spray), bridge);
                sent++;
            }
            long t0 = System.nanoTime();
            String got = null;
            for (int attempt = 0; attempt < 5 && got == null; attempt++) { // tmcc too resends over UDP
                got = pc1.udp("VERSION=34 loadinfo ", 200);
            }
            assertEquals(NAMED_V33, got, "answered after " + sent + " spray datagrams");
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "within a second of the spray's end");
            assertEquals(NAMED_V33, pc1.tcp("VERSION=34 loadinfo "), "TCP too");
        } finally {
            for (var c : sources) {
                c.close();
            }
        }
    }

    @Test
    void aLargeRelayedRequestGoesUpstreamWholeAndOneOverTmcdsLimitDoesNot() throws Exception {
        String log = "x".repeat(15_000);
        pc1.tcp("VERSION=34 bootlog " + log);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> upstream.seen.stream().anyMatch(r -> r.request().contains("bootlog ")));
        FakeUpstreamTmcd.Seen seen = upstream.seen.stream().filter(r -> r.request().contains("bootlog ")).findFirst()
                .orElseThrow();
        assertEquals("REDIRECT=127.0.0.2 VERSION=34 bootlog " + log, seen.request(), "relayed whole");
        int before = upstream.seen.size();
        assertEquals("", pc1.tcp("VERSION=34 bootlog " + "y".repeat(16_400)), "over 16,383 bytes: no reply");
        assertEquals(before, upstream.seen.size(), "and not relayed");
    }

    @Test
    void aBareSslTagIsRefusedAndNotRelayed() throws Exception {
        assertEquals("", pc1.tcp("ISPEAKSSL_TMCDV10 "));
        assertEquals("", pc1.tcp("ISPEAKSSL_TMCDV10 VERSION=34 status "));
        assertEquals("FREE\n", pc1.tcp("VERSION=34 status "), "a plain request after them is relayed");
        assertTrue(upstream.seen.stream().noneMatch(r -> r.request().contains("ISPEAKSSL")), upstream.seen.toString());
    }
}
