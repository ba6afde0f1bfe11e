package org.frisbeegw.helper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fetch} replaces its output only with a complete image. */
class FetchOutputTest {
    @TempDir
    Path dir;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A stream on 127.0.0.1 whose server answers JOIN2 with 512-block chunks, which our client
     * (like C's, which asserts) refuses: the download fails after the output was prepared.
     */
    @Test
    void aFailedDownloadLeavesTheOldFileAndNoTemporary() throws Exception {
        Path old = dir.resolve("image.ndz");
        Files.writeString(old, "the old image");
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> answerOneJoinBadly(server));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = FetchCommand.run(new String[] {"--servaddr", "127.0.0.1", "--port", String.valueOf(port),
                "--local", "127.0.0.2", "-o", old.toString()}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            answered.get(10, TimeUnit.SECONDS);
            assertEquals(255, rc);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("chunks of 512 blocks"), err.toString(StandardCharsets.UTF_8));
        }
        assertEquals("the old image", Files.readString(old));
        assertEquals(List.of("image.ndz"), names(dir), "the unfinished download is removed");
    }

    @Test
    void aCommittedOutputReplacesALinkWithoutWritingThroughIt() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        Files.writeString(elsewhere, "not to be touched");
        Path out = dir.resolve("out");
        Files.createSymbolicLink(out, elsewhere);
        try (AtomicOutput o = AtomicOutput.beside(out)) {
            Files.writeString(o.path(), "new image");
            o.commit();
        }
        assertEquals("not to be touched", Files.readString(elsewhere));
        assertEquals("new image", Files.readString(out));
        assertTrue(!Files.isSymbolicLink(out));
        assertEquals(List.of("elsewhere", "out"), names(dir));
    }

    @Test
    void aNewImageGetsTheUsualModeAndAReplacedOneKeepsItsOwn() throws Exception {
        Path usual = Files.createFile(dir.resolve("usual"));
        Path fresh = dir.resolve("fresh.ndz");
        try (AtomicOutput o = AtomicOutput.beside(fresh)) {
            o.commit();
        }
        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(fresh),
                "as any new file here (the umask), not a temporary file's 0600");
        Path old = Files.writeString(dir.resolve("old.ndz"), "old");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r-----"));
        try (AtomicOutput o = AtomicOutput.beside(old)) {
            Files.writeString(o.path(), "new");
            o.commit();
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
        assertEquals("new", Files.readString(old));
    }

    @Test
    void aDeviceIsWrittenInPlaceAndADirectoryRefused() throws Exception {
        try (AtomicOutput o = AtomicOutput.beside(Path.of("/dev/null"))) {
            assertEquals(Path.of("/dev/null"), o.path());
            o.commit();
        }
        assertTrue(Files.exists(Path.of("/dev/null")));
        assertThrows(IOException.class, () -> AtomicOutput.beside(dir));
        assertEquals(List.of(), names(dir));
    }

    private static void answerOneJoinBadly(DatagramChannel server) {
        try {
            ByteBuffer in = ByteBuffer.allocate(2048);
            InetSocketAddress from = (InetSocketAddress) server.receive(in);
            in.flip();
            FrisbeePacket.Join2 join = (FrisbeePacket.Join2) FrisbeePackets.decode(in);
            byte[] reply = new FrisbeePacket.Join2(true, join.clientId(), 0, 512, 1024, 1 << 20)
                    .toBytes(Ipv4.toInt(InetAddress.getByName("127.0.0.1")));
            server.send(ByteBuffer.wrap(reply), from);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
