package org.frisbeegw.gateway.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's list of abandoned upload temporaries is hostile input: only ours, inside the roots, go. */
class AbandonedUploadsTest {
    @TempDir
    Path tmp;

    /** Records what was closed in the journal. */
    private static final class Ended implements UploadJournal {
        final List<Path> ended = new ArrayList<>();

        @Override
        public void started(Path temporary) {
        }

        @Override
        public void ended(Path temporary) {
            ended.add(temporary);
        }
    }

    @Test
    void onlyOurTemporariesInsideTheRootsAreRemovedAndEveryEntryIsClosed() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("uploads")).toRealPath();
        Path outside = Files.createDirectories(tmp.resolve("elsewhere")).toRealPath();
        Path ours = Files.write(root.resolve("img.ndz.7a3f.tmp"), new byte[100]);
        Path image = Files.write(root.resolve("img.ndz"), new byte[] {1});
        Path foreign = Files.write(outside.resolve("x.ndz.1.tmp"), new byte[1]);
        Path target = Files.write(outside.resolve("precious"), new byte[1]);
        Path link = Files.createSymbolicLink(root.resolve("y.ndz.2.tmp"), target);
        Path gone = root.resolve("z.ndz.3.tmp");
        Path dotted = root.resolve("sub/../img.ndz.4.tmp");
        List<Path> listed = List.of(ours, image, foreign, link, gone, dotted, Path.of("relative.ndz.5.tmp"));
        Ended journal = new Ended();

        AbandonedUploads.remove(listed, List.of(root), journal);

        assertFalse(Files.exists(ours), "our temporary inside the root is removed");
        assertTrue(Files.exists(image), "not a temporary's name: an image stays");
        assertTrue(Files.exists(foreign), "outside the roots stays");
        assertTrue(Files.isSymbolicLink(link) && Files.exists(target), "a link is neither followed nor removed");
        assertEquals(listed, journal.ended, "every entry closed, so none is looked at again");
    }
}
