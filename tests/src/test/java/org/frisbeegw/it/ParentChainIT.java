package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parent chains in one JVM on loopback (master-server.md §5): boss 127.0.2.1, sub-boss 127.0.2.2,
 * inner boss 127.0.2.3, node 127.0.2.4, each tier with its own multicast base and ports.
 */
class ParentChainIT {
    private static final String IMAGE = "emulab-ops/FBSD73-STD";
    private static final long MTIME = 1_600_000_000L;
    private static final Duration FETCH_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private final List<Gateway> gateways = new ArrayList<>();
    private byte[] original;

    @AfterEach
    void stop() {
        gateways.forEach(Gateway::close);
    }

    private Gateway tier(int n, String... extra) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("tier" + n));
        List<String> args = new ArrayList<>(List.of("-I", images.toString(), "-i", "127.0.2." + n,
                "--mcast-base", "239.192." + (10 + n), "--port-base", String.valueOf(2000 * n), "--server-timeout", "60"));
        if (!List.of(extra).contains("-p")) {
            args.addAll(List.of("-p", "0"));
        }
        args.addAll(List.of(extra));
        Gateway g = Gateway.start(GatewayOptions.parse(args.toArray(String[]::new)));
        gateways.add(g);
        return g;
    }

    private Gateway boss() throws Exception {
        Gateway boss = tier(1, "--proxy-from", "127.0.2.2", "--server-args", "-W 400000000");
        original = new byte[3 * 1024 * 1024 + 777];
        new Random(5).nextBytes(original);
        writeImage(image(1), original, MTIME);
        return boss;
    }

    private Path image(int tier) {
        return tmp.resolve("tier" + tier).resolve(IMAGE);
    }

    private static void writeImage(Path p, byte[] data, long mtime) throws Exception {
        Files.createDirectories(p.getParent());
        Path t = p.resolveSibling(p.getFileName() + ".new");
        Files.write(t, data);
        Files.setLastModifiedTime(t, FileTime.fromMillis(mtime * 1000));
        Files.move(t, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String parent(Gateway g) {
        return String.valueOf(g.masterAddress().getPort());
    }

    private static MasterClient node(Gateway g, int last) throws Exception {
        return new MasterClient(g.masterAddress(), Deadlines.uniform(Duration.ofSeconds(10)), RetryPolicy.NONE)
                .withLocalAddress(InetAddress.getByName("127.0.2." + last));
    }

    /** Asks until the answer is not TRYAGAIN, like frisbee -B; returns every answer seen. */
    private static List<GetReply> getUntilServed(MasterClient c) {
        List<GetReply> seen = new ArrayList<>();
        await().atMost(FETCH_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            GetReply r = c.get(IMAGE, TransferMethods.MULTICAST);
            seen.add(r);
            return r.error() != MsError.TRYAGAIN.code();
        });
        return seen;
    }

    private byte[] download(GetReply r, int last) throws Exception {
        Path copy = tmp.resolve("copy-" + last + "-" + System.nanoTime());
        FrisbeeClient.download(new DownloadTarget(Ipv4.toAddress(r.servAddr()), Ipv4.toAddress(r.addr()), r.port(),
                InetAddress.getByName("127.0.2." + last)), copy, FrisbeeClient.Options.defaults());
        return Files.readAllBytes(copy);
    }

    @Test
    void walkThroughOfReadmeMserver() throws Exception {
        Gateway boss = boss();
        Gateway sub = tier(2, "-S", "127.0.2.1", "-P", parent(boss), "-A", "-M");
        Gateway inner = tier(3, "-S", "127.0.2.2", "-P", parent(sub));

        GetReply status = node(inner, 4).status(IMAGE);
        assertEquals(0, status.error(), "status walks up the chain synchronously");
        assertEquals(original.length, status.size());
        assertEquals(MTIME, status.signature().mtimeSeconds());

        List<GetReply> answers = getUntilServed(node(inner, 4));
        assertEquals(MsError.TRYAGAIN.code(), answers.get(0).error(), "TRYAGAIN while the tiers fetch");
        GetReply served = answers.get(answers.size() - 1);
        assertEquals(0, served.error());
        assertEquals(Ipv4.parse("127.0.2.3"), served.servAddr(), "finally the inner boss's own stream");
        assertTrue(java.util.Arrays.equals(original, download(served, 4)), "the node's bytes are the boss's");
        for (int t : new int[] {2, 3}) {
            assertEquals(MTIME * 1000, Files.getLastModifiedTime(image(t)).toMillis(), "tier " + t + " keeps the mtime");
            assertFalse(Files.exists(image(t).resolveSibling(image(t).getFileName() + ".tmp")), "no partial file left");
        }
    }

    @Test
    void twoNodesAtOnceCauseOneFetch() throws Exception {
        Gateway boss = boss();
        Gateway sub = tier(2, "-S", "127.0.2.1", "-P", parent(boss));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<GetReply>>> nodes = new ArrayList<>();
            for (int last : new int[] {4, 5}) {
                MasterClient c = node(sub, last);
                nodes.add(pool.submit(() -> getUntilServed(c)));
            }
            for (Future<List<GetReply>> f : nodes) {
                List<GetReply> seen = f.get(120, TimeUnit.SECONDS);
                assertEquals(0, seen.get(seen.size() - 1).error());
            }
            assertEquals(1, boss.counters().gets(), "the sub-boss asked its parent for one stream only");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redirectSendsTheClientToTheParentsStreamAtOnce() throws Exception {
        Gateway boss = boss();
        Gateway sub = tier(2, "-S", "127.0.2.1", "-P", parent(boss), "-R");
        GetReply r = node(sub, 4).get(IMAGE, TransferMethods.MULTICAST);
        assertEquals(0, r.error(), "no TRYAGAIN with -R");
        assertEquals(Ipv4.parse("127.0.2.1"), r.servAddr(), "the boss's stream");
        assertTrue(java.util.Arrays.equals(original, download(r, 4)));
    }

    @Test
    void aChangedParentImageIsRefetchedByAMirror() throws Exception {
        Gateway boss = boss();
        Gateway sub = tier(2, "-S", "127.0.2.1", "-P", parent(boss), "-M");
        getUntilServed(node(sub, 4));
        byte[] newer = new byte[1024 * 1024 + 5];
        new Random(6).nextBytes(newer);
        // The boss's old server may still serve the old bytes; a new one starts after it is reaped.
        boss.servers().running().forEach(s -> s.process().stop());
        await().atMost(Duration.ofSeconds(10)).until(() -> boss.servers().running().isEmpty());
        writeImage(image(1), newer, MTIME + 100);

        GetReply stale = node(sub, 4).status(IMAGE);
        assertEquals(newer.length, stale.size(), "a mirror reports the parent's newer image");
        AtomicReference<GetReply> last = new AtomicReference<>();
        List<GetReply> seen = getUntilServed(node(sub, 4));
        last.set(seen.get(seen.size() - 1));
        assertEquals(0, last.get().error());
        assertTrue(java.util.Arrays.equals(newer, Files.readAllBytes(image(2))), "the cache holds the new image");
        assertEquals((MTIME + 100) * 1000, Files.getLastModifiedTime(image(2)).toMillis());
    }

    @Test
    void parentDownLeavesLocalImagesServedUnlessMirroring() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.2.1"))) {
            dead = s.getLocalPort();
        }
        Gateway sub = tier(2, "-S", "127.0.2.1", "-P", String.valueOf(dead));
        writeImage(image(2), new byte[5000], MTIME);
        assertEquals(0, node(sub, 4).status(IMAGE).error(), "a local copy is served without asking");
        assertEquals(MsError.NOIMAGE.code(), node(sub, 4).status("emulab-ops/OTHER").error(), "parent unreachable");
        Gateway mirror = tier(3, "-S", "127.0.2.1", "-P", String.valueOf(dead), "-M");
        writeImage(image(3), new byte[5000], MTIME);
        assertEquals(MsError.NOIMAGE.code(), node(mirror, 4).status(IMAGE).error(),
                "a mirror validates everything with its parent first (spec §5.3)");
        assertEquals(MsError.NOTIMPL.code(), node(mirror, 4).put(new org.frisbeegw.wire.PutRequest(0, 1, IMAGE, 0, 0, 0)).error());
    }

    @Test
    void aLoopOfParentsStopsAtTheHopLimit() throws Exception {
        // Two gateways, each the other's parent; the image exists nowhere.
        int portB;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.2.2"))) {
            portB = s.getLocalPort();
        }
        Gateway a = tier(1, "-S", "127.0.2.2", "-P", String.valueOf(portB), "--hop-limit", "6");
        tier(2, "-p", String.valueOf(portB), "-S", "127.0.2.1", "-P", parent(a), "--hop-limit", "6");
        long start = System.nanoTime();
        GetReply r = node(a, 4).status("emulab-ops/NOWHERE");
        assertEquals(MsError.FAILED.code(), r.error(), "a clear FAILED instead of endless recursion");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aFetchThatWouldOverflowTheCacheIsRefused() throws Exception {
        Gateway boss = boss();
        Gateway sub = tier(2, "-S", "127.0.2.1", "-P", parent(boss), "--cache-max-bytes", "1000000");
        GetReply r = node(sub, 4).get(IMAGE, TransferMethods.MULTICAST);
        assertEquals(MsError.FAILED.code(), r.error(), "a 3 MiB image does not fit a 1 MB cache");
        assertFalse(Files.exists(image(2)));
    }
}
