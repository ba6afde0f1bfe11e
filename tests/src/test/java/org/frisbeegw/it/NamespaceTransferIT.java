package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Downloads between real processes on separate hosts: the gateway's jar on host 1 of a
 * {@link TestNetwork}, {@code fetch} processes (the jar again) on hosts 2-4, over a bridge, as a
 * boss and its nodes would run them. Multicast to three hosts at once, unicast, and a lossy
 * host (5% of its incoming datagrams dropped by nftables). Every copy is compared byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceTransferIT {
    private static final int STATUS_PORT = 8099;
    private static final Duration TRANSFER = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;
    private TestNetwork net;
    private Process gateway;
    private Path images;
    private Path jar;

    @BeforeAll
    void startGatewayOnItsOwnHost() throws Exception {
        String why = TestNetwork.unavailableReason();
        if (why != null) {
            System.err.println("NamespaceTransferIT skipped: " + why);
        }
        assumeTrue(why == null, why);
        jar = Path.of(System.getProperty("gateway.jar", "../gateway/target/frisbee-gateway.jar")).toAbsolutePath();
        images = Files.createDirectories(tmp.resolve("images"));
        for (long size : new long[] {1, 1000, 1 << 20, 5_000_001, 48L << 20, 8L << 20}) {
            TestData.randomFile(images.resolve("img" + size), size);
        }
        net = TestNetwork.create(4);
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "-i", net.address(1),
                "-I", images.toString(), "--status-port", Integer.toString(STATUS_PORT), "-x", "ucast,mcast,bcast"));
        gateway = new ProcessBuilder(net.on(1, cmd)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("gateway.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> status(http).contains("\"servers\""));
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (net != null) {
            net.close();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String status(HttpClient http) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + net.address(1) + ":" + STATUS_PORT + "/?format=json"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code fetch} on host {@code host}; returns the copy once the process exited 0. */
    private Process fetch(int host, String image, String method, Path out) throws IOException {
        List<String> cmd = List.of(java(), "-jar", jar.toString(), "fetch", "-S", net.address(1), "-F", image, "-X",
                method, "-B", "1", "--local", net.address(host), "-o", out.toString());
        return new ProcessBuilder(net.on(host, cmd)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(out.getFileName() + ".log").toFile()).start();
    }

    private void assertFetched(Process p, String image, Path out) throws Exception {
        assertTrue(p.waitFor(TRANSFER.toSeconds(), TimeUnit.SECONDS), "fetch of " + image + " finished in time");
        assertEquals(0, p.exitValue(), "fetch of " + image + ": " + Files.readString(tmp.resolve(out.getFileName() + ".log")));
        assertEquals(-1L, Files.mismatch(images.resolve(image), out), image + " copied byte for byte");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1, 1000, 1 << 20, 5_000_001})
    void unicastAcrossHostsIsByteIdentical(long size) throws Exception {
        Path out = tmp.resolve("u" + size);
        assertFetched(fetch(2, "img" + size, "ucast", out), "img" + size, out);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1, 1000, 1 << 20, 5_000_001})
    void multicastAcrossHostsIsByteIdentical(long size) throws Exception {
        Path out = tmp.resolve("m" + size);
        assertFetched(fetch(3, "img" + size, "mcast", out), "img" + size, out);
    }

    @Test
    void broadcastStreamReachesTwoHosts() throws Exception {
        String image = "img" + 5_000_001;
        Path a = tmp.resolve("b2");
        Path b = tmp.resolve("b3");
        Process first = fetch(2, image, "bcast", a);
        Process second = fetch(3, image, "bcast", b);
        assertFetched(first, image, a);
        assertFetched(second, image, b);
        assertTrue(Files.readString(tmp.resolve("b2.log")).contains("address: 255.255.255.255:"),
                "the stream went to the broadcast address");
    }

    @Test
    void threeHostsShareOneMulticastStream() throws Exception {
        String image = "img" + (48L << 20);
        List<Process> clients = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int host = 2; host <= 4; host++) {
            Path out = tmp.resolve("shared" + host);
            outs.add(out);
            clients.add(fetch(host, image, "mcast", out));
        }
        for (int i = 0; i < clients.size(); i++) {
            assertFetched(clients.get(i), image, outs.get(i));
        }
        String s = status(HttpClient.newHttpClient());
        assertEquals(1, count(s, "\"image\":\"" + image + "\",\"method\""), "one server for the three: " + s);
        String row = s.substring(s.indexOf("\"image\":\"" + image + "\",\"method\""));
        row = row.substring(0, row.indexOf("]}"));
        assertEquals(3, count(row, "\"active\":false,\"elapsedSeconds\""), "three clients joined and left: " + row);
        assertEquals(3, count(row, "\"bytesWritten\":" + (48L << 20)), "each LEAVE2 reported the whole image: " + row);
        assertTrue(row.contains("\"clients\":0,"), "none active any more: " + row);
    }

    @Test
    void lossyHostStillGetsEveryByte() throws Exception {
        assumeTrue(net.lossy(4, 5), "nft (nftables) is not installed: no lossy host");
        String image = "img" + (8L << 20);
        Path out = tmp.resolve("lossy");
        Process p = fetch(4, image, "ucast", out);
        assertFetched(p, image, out);
        String log = Files.readString(tmp.resolve("lossy.log"));
        int requests = Integer.parseInt(log.replaceAll("(?s).*, (\\d+) requests,.*", "$1").trim());
        assertTrue(requests > 8, "lost blocks were asked for again: " + requests + " requests for 8 chunks");
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
