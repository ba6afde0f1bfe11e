package org.frisbeegw.gateway.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedFilesTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("images")).toRealPath();
        outside = Files.writeString(tmp.resolve("secret"), "OUTSIDE");
        Files.writeString(root.resolve("img"), "INSIDE!");
        Files.createDirectories(root.resolve("proj/x"));
        Files.writeString(root.resolve("proj/x/deep"), "DEEPER!");
    }

    private static String read(FileChannel ch) throws IOException {
        try (ch) {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void filesInsideTheRootsOpenAndSymlinksThatStayInsideAreFollowed() throws Exception {
        assertEquals("INSIDE!", read(ConfinedFiles.openRead(root.resolve("img"), List.of(root))));
        assertEquals("DEEPER!", read(ConfinedFiles.openRead(root.resolve("proj/x/deep"), List.of(root))));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("img"));
        assertEquals("INSIDE!", read(ConfinedFiles.openRead(root.resolve("alias"), List.of(root))));
    }

    @Test
    void symlinksOutDotDotAndDirectoriesAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("evil"), outside);
        assertThrows(IOException.class, () -> ConfinedFiles.openRead(root.resolve("evil"), List.of(root)));
        assertThrows(IOException.class, () -> ConfinedFiles.openRead(root.resolve("../secret"), List.of(root)));
        assertThrows(IOException.class, () -> ConfinedFiles.openRead(root.resolve("proj"), List.of(root)));
        Files.createSymbolicLink(root.resolve("outdir"), tmp);
        assertThrows(IOException.class, () -> ConfinedFiles.openRead(root.resolve("outdir/secret"), List.of(root)));
    }

    /**
     * The adversarial run's race: the image is swapped for a symlink to a file outside between
     * the check and the open, over and over. Not once may the outside file be what is opened.
     */
    @Test
    void aNameSwappedForAnOutsideSymlinkIsNeverServed() throws Exception {
        Path image = root.resolve("img");
        Path real = Files.writeString(root.resolve("img.real"), "INSIDE!");
        Path link = root.resolve("img.link");
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, outside);
                    Files.move(link, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.copy(real, root.resolve("img.next"), StandardCopyOption.REPLACE_EXISTING);
                    Files.move(root.resolve("img.next"), image, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000); // the adversary's pace
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.start();
        int inside = 0;
        int refused = 0;
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (int i = 0; (i < 3000 || inside < 20) && System.nanoTime() < deadline; i++) {
                try {
                    String content = read(ConfinedFiles.openRead(image, List.of(root)));
                    assertEquals("INSIDE!", content, "attempt " + i + " opened a file outside the roots");
                    inside++;
                } catch (IOException e) {
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(inside > 0, "some opens found the real image (" + refused + " refused)");
    }

    @Test
    void createNewNeverWritesThroughAPlantedSymlink() throws Exception {
        Files.createSymbolicLink(root.resolve("up.tmp"), outside);
        assertThrows(IOException.class, () -> ConfinedFiles.createNew(root, "up.tmp", List.of(root)));
        assertArrayEquals("OUTSIDE".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(outside));
        try (FileChannel ch = ConfinedFiles.createNew(root, "fresh.tmp", List.of(root))) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        assertEquals(3, Files.size(root.resolve("fresh.tmp")));
        assertThrows(IOException.class, () -> ConfinedFiles.createNew(tmp, "x.tmp", List.of(root)), "not in a root");
    }
}
