package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway process killed mid-transfer comes back with its image servers; a clean stop records itself. */
class RestartIT {
    private static final String IMAGE = "big.ndz";

    @TempDir
    Path tmp;

    private String[] flags(Path images) {
        // 8 Mbit/s: a 6 MiB image takes about six seconds, long enough to kill the gateway mid-way.
        return new String[] {"-I", images.toString(), "--state-dir", tmp.resolve("state").toString(),
            "--server-args", "-W 8000000", "--server-timeout", "120"};
    }

    @Test
    void killMinus9MidTransferThenRestartAndTheClientFinishes() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        byte[] data = new byte[6 * 1024 * 1024 + 99];
        new Random(9).nextBytes(data);
        Files.write(images.resolve(IMAGE), data);
        int port = FreePorts.tcp();
        Path copy = tmp.resolve("copy");
        try (GatewayProcess first = GatewayProcess.start(tmp.resolve("gw1.log"), port, flags(images))) {
            GetReply r = first.client().get(IMAGE, TransferMethods.MULTICAST);
            assertEquals(0, r.error());
            AtomicLong done = new AtomicLong();
            CompletableFuture<Long> download = CompletableFuture.supplyAsync(() -> {
                try {
                    return FrisbeeClient.download(new DownloadTarget(Ipv4.toAddress(r.servAddr()), Ipv4.toAddress(r.addr()),
                            r.port(), InetAddress.getByName("127.0.0.2")), copy,
                            FrisbeeClient.Options.defaults().withProgress((d, total, n) -> done.set(d))).bytes();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> done.get() >= 1024 * 1024);
            first.kill();
            assertFalse(download.isDone(), "the client is stranded mid-download");

            try (GatewayProcess second = GatewayProcess.start(tmp.resolve("gw2.log"), port, flags(images))) {
                assertEquals(data.length, download.get(90, TimeUnit.SECONDS));
                assertTrue(Arrays.equals(data, Files.readAllBytes(copy)), "byte-identical after the restart");
                GetReply again = second.client().status(IMAGE);
                assertTrue(again.running(), "the resumed server is known to the new gateway");
                assertEquals(r.addr(), again.addr());
                assertEquals(r.port(), again.port());
            }
        }
    }

    @Test
    void cleanStopRecordsItsServersAndResumesNothing() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.write(images.resolve(IMAGE), new byte[10_000]);
        int port = FreePorts.tcp();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("gw1.log"), port, flags(images))) {
            assertEquals(0, gw.client().get(IMAGE, TransferMethods.MULTICAST).error());
            gw.terminate();
        }
        String journal = Files.readString(tmp.resolve("state/servers.journal"));
        assertTrue(journal.contains("stop ") && journal.contains("gateway+shutdown"), journal);
        try (GatewayProcess again = GatewayProcess.start(tmp.resolve("gw2.log"), port, flags(images))) {
            assertFalse(again.client().status(IMAGE).running(), "nothing resumed after a clean stop");
        }
    }

    @Test
    void anUploadAbandonedByKillMinus9IsRemovedAtTheNextStartAndTheOldImageStays() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path uploads = Files.createDirectories(tmp.resolve("uploads"));
        Files.write(uploads.resolve("capture.ndz"), new byte[] {1, 2, 3});
        int port = FreePorts.tcp();
        List<String> args = new ArrayList<>(List.of(flags(images)));
        args.addAll(List.of("--put-dir", uploads.toString()));
        try (GatewayProcess first = GatewayProcess.start(tmp.resolve("gw1.log"), port, args.toArray(String[]::new))) {
            PutReply reply = first.client().put(new PutRequest(0, 0, "capture.ndz", 1_000_000, 0, 60));
            assertEquals(0, reply.error());
            try (Socket s = new Socket(Ipv4.toAddress(reply.addr()), reply.port())) {
                s.getOutputStream().write(new byte[300_000]);
                s.getOutputStream().flush();
                await("the temporary file holds what was sent").atMost(Duration.ofSeconds(10))
                        .until(() -> temporaries(uploads).stream().anyMatch(t -> t.toFile().length() == 300_000));
                first.kill();
            }
        }
        assertEquals(1, temporaries(uploads).size(), "the dead gateway left its temporary file");
        try (GatewayProcess second = GatewayProcess.start(tmp.resolve("gw2.log"), port, args.toArray(String[]::new))) {
            assertEquals(List.of(), temporaries(uploads), "removed at start, as the journal listed it");
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(uploads.resolve("capture.ndz")), "old image kept");
            assertTrue(Files.readString(tmp.resolve("state/servers.journal")).contains("upload-end "),
                    "closed in the journal, so it is not looked for again");
        }
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
