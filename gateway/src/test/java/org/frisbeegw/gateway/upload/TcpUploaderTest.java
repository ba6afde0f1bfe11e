package org.frisbeegw.gateway.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads over real TCP: installed only when whole, atomically; otherwise the old image stays. */
class TcpUploaderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path tmp;
    private Path root;
    private Path target;

    @BeforeEach
    void oldImage() throws IOException {
        root = Files.createDirectories(tmp.resolve("put")).toRealPath();
        target = Files.writeString(root.resolve("image.ndz"), "the old image");
    }

    private UploadStatus upload(long announced, long limit, byte[] data) throws Exception {
        UploadSpec spec = new UploadSpec("image.ndz", target, LOOPBACK, LOOPBACK, limit, Duration.ofSeconds(20), 0,
                announced, List.of(root));
        TcpUploader u = TcpUploader.start(spec, 0);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, u.port()), 5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(data);
                s.shutdownOutput(); // the client's FIN
            } catch (IOException refusedMidway) {
                // the uploader may close on us once it has seen too much
            }
            return u.done().get(20, TimeUnit.SECONDS);
        }
    }

    private String current() throws IOException {
        return Files.readString(target);
    }

    private long leftovers() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aWholeUploadIsInstalledAndTheOldOneKeptAsBak() throws Exception {
        byte[] data = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        assertEquals(UploadStatus.OK, upload(1000, 10_000, data));
        assertEquals("x".repeat(1000), current());
        assertEquals("the old image", Files.readString(root.resolve("image.ndz.bak")));
        assertEquals(0, leftovers());
    }

    @Test
    void anUploadThatStopsHalfwayLeavesTheOldImage() throws Exception {
        assertEquals(UploadStatus.CONNECTION, upload(1000, 10_000, new byte[500]));
        assertEquals("the old image", current());
        assertEquals(0, leftovers(), "the temporary file is removed");
    }

    @Test
    void moreThanAnnouncedOrMoreThanTheMaximumIsRefused() throws Exception {
        assertEquals(UploadStatus.TOO_BIG, upload(1000, 10_000, new byte[1500]));
        assertEquals("the old image", current());
        assertEquals(UploadStatus.TOO_BIG, upload(0, 1000, new byte[300_000]));
        assertEquals("the old image", current());
        assertEquals(0, leftovers());
    }

    @Test
    void unannouncedWithinTheMaximumIsWhole() throws Exception {
        assertEquals(UploadStatus.OK, upload(0, 1000, new byte[1000]));
        assertEquals(1000, Files.size(target));
    }

    @Test
    void aPlantedTmpSymlinkIsNotWrittenThrough() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside"), "untouched");
        Files.createSymbolicLink(root.resolve("image.ndz.tmp"), outside);
        assertEquals(UploadStatus.OK, upload(4, 10, new byte[] {1, 2, 3, 4}));
        assertEquals("untouched", Files.readString(outside));
        assertEquals(4, Files.size(target));
        assertTrue(Files.isSymbolicLink(root.resolve("image.ndz.tmp")), "the planted link is left alone");
    }
}
