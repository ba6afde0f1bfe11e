package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live status page in a real browser (headless Chromium, the DOM after its script ran),
 * while a real transfer runs: the server row appears with its client, its progress moves on, the
 * client is shown as left when done, and an image id with markup in it renders as text. A
 * screenshot (laptop and phone size) is kept in target/ as a build artifact.
 */
class StatusPageBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern SERVER_ROW = Pattern.compile("<tr class=\"server\"><td>big</td>.*?</tr>");
    private static final Pattern BLOCKS = Pattern.compile("<td class=\"num blocks\">(\\d+)</td>");

    @TempDir
    Path tmp;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium)");
        // 16 MiB at 8 Mbit/s: about 17 s, time enough for a slow browser start to look at it mid-transfer.
        gw = TestGateway.start(tmp, "--status-port", "0", "--server-args", "-W 8000000");
        // Written in pieces: the suite runs in a 64 MiB heap, where one 16 MiB array needs 16 free
        // regions in a row and once found none (OutOfMemoryError in CI).
        TestData.randomFile(gw.images.resolve("big"), 16 << 20);
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aPersonSeesTheTransferProgressAndHostileIdsAsText() throws Exception {
        gw.client().get("x<b>bold</b>", TransferMethods.MULTICAST); // refused, but listed as asked
        GetReply r = gw.client().get("big", TransferMethods.MULTICAST);
        assertEquals(0, r.error());
        Path copy = tmp.resolve("copy");
        CompletableFuture<Long> download = CompletableFuture.supplyAsync(() -> {
            try {
                return FrisbeeClient.download(new DownloadTarget(Ipv4.toAddress(r.servAddr()), Ipv4.toAddress(r.addr()),
                        r.port(), InetAddress.getByName("127.0.0.2")), copy, FrisbeeClient.Options.defaults()).bytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> blocks(dom()) > 0);
        String during = dom();
        Matcher row = SERVER_ROW.matcher(during);
        assertTrue(row.find(), "a server row for the image: " + during);
        assertTrue(row.group().contains("1 joined"), row.group());
        long blocksBefore = blocks(during);

        assertTrue(during.contains("x&lt;b&gt;bold&lt;/b&gt;"), "the hostile id as text");
        assertFalse(during.contains("<b>bold</b>"), "no markup from the network");
        assertTrue(during.matches("(?s).*<table id=\"refusals\">.*<td class=\"bad\">FAILED</td><td class=\"num\">1</td>.*"),
                "the refusal is counted by reason");

        assertEquals(16L << 20, download.get(60, TimeUnit.SECONDS));
        String after = dom();
        assertTrue(blocks(after) > blocksBefore, "progress moved on: " + blocksBefore + " -> " + blocks(after));
        Matcher done = SERVER_ROW.matcher(after);
        assertTrue(done.find() && done.group().contains("1 left"), "the client is shown as left: " + after);
        screenshot(Path.of("target", "status-page.png"), "1100,800");
        screenshot(Path.of("target", "status-page-phone.png"), "390,844");
    }

    private static long blocks(String dom) {
        Matcher row = SERVER_ROW.matcher(dom);
        if (!row.find()) {
            return -1;
        }
        Matcher b = BLOCKS.matcher(row.group());
        return b.find() ? Long.parseLong(b.group(1)) : -1;
    }

    private String dom() throws Exception {
        return chromium("--dump-dom", url());
    }

    private void screenshot(Path file, String size) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        chromium("--window-size=" + size, "--screenshot=" + file.toAbsolutePath(), url());
        assertTrue(Files.size(file) > 1000, "a screenshot was written");
    }

    private String url() {
        return "http://127.0.0.1:" + gw.gateway.statusAddress().orElseThrow().getPort() + "/";
    }

    /** Headless Chromium as the probe runs it here: no sandbox (root), no network of its own. */
    private String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + tmp.resolve("chromium-profile"), "--virtual-time-budget=2500"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return out;
    }
}
