package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.cli.FetchCommand;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's whole path: ask the master server by name, get a built-in stream, download, compare. */
class MasterDownloadIT {
    @TempDir
    Path tmp;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(tmp, "--server-timeout", "1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private Path original() {
        return gw.images.resolve(TestGateway.IMAGE);
    }

    private Path download(GetReply reply, String local, String name) throws Exception {
        Path copy = tmp.resolve(name);
        FrisbeeClient.download(new DownloadTarget(Ipv4.toAddress(reply.servAddr()), Ipv4.toAddress(reply.addr()),
                reply.port(), InetAddress.getByName(local)), copy, FrisbeeClient.Options.defaults());
        return copy;
    }

    @Test
    void unicastNodeGetsTheImageByName() throws Exception {
        InetAddress node = InetAddress.getByName("127.0.0.2");
        GetReply reply = gw.client().withLocalAddress(node).get(TestGateway.IMAGE, TransferMethods.UNICAST);
        assertEquals(0, reply.error());
        assertEquals(TransferMethods.UNICAST, reply.method());

        Path copy = download(reply, "127.0.0.2", "unicast-copy");
        assertEquals(-1L, Files.mismatch(original(), copy));
    }

    @Test
    void twoMulticastNodesShareOneServer() throws Exception {
        GetReply a = gw.client().withLocalAddress(InetAddress.getByName("127.0.0.3")).get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        GetReply b = gw.client().withLocalAddress(InetAddress.getByName("127.0.0.4")).get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        assertEquals(a, b);
        assertEquals(1, gw.gateway.servers().running().size());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Path> first = pool.submit(() -> download(a, "127.0.0.3", "m1"));
            Path second = download(b, "127.0.0.4", "m2");
            assertEquals(-1L, Files.mismatch(original(), second));
            assertEquals(-1L, Files.mismatch(original(), first.get(60, TimeUnit.SECONDS)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idleServerIsReapedAndTheNextGetStartsAFreshOne() throws Exception {
        GetReply first = gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        assertEquals(1, gw.gateway.servers().running().size());
        await().atMost(Duration.ofSeconds(15)).until(() -> gw.gateway.servers().running().isEmpty());
        GetReply second = gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        assertEquals(0, second.error());
        assertNotEquals(first.port(), second.port(), "a new counter value, a new group and port");
    }

    @Test
    void fetchCommandDownloadsByNameAndReplacesAnOldCopyWhole() throws Exception {
        Path copy = tmp.resolve("fetched");
        Files.writeString(copy, "an older image, longer than nothing");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = FetchCommand.run(new String[] {"-S", "127.0.0.1", "-p", String.valueOf(gw.address().getPort()),
            "-F", TestGateway.IMAGE, "-X", "ucast", "--local", "127.0.0.5", "-o", copy.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertEquals(-1L, Files.mismatch(original(), copy));
        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("100%") && progress.contains("MiB/s"), progress);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(TestGateway.IMAGE_SIZE + " bytes"));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary left beside it");
        }
    }

    @Test
    void fetchOfAnUnknownImageFailsWithTheServersError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = FetchCommand.run(new String[] {"-S", "127.0.0.1", "-p", String.valueOf(gw.address().getPort()),
            "-F", "nope", "-o", tmp.resolve("x").toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(255, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown image"));
    }
}
