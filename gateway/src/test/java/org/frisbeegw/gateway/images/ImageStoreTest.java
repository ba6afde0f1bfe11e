package org.frisbeegw.gateway.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    ImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("images")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("secret")).toRealPath();
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        Files.createDirectories(root.resolve("emulab-ops"));
        Files.writeString(root.resolve("emulab-ops/FBSD73-STD.ndz"), "image");
        store = new ImageStore(List.of(root));
    }

    @Test
    void relativeAndAbsoluteIdsMapIntoTheRoot() {
        assertEquals(Optional.of(root.resolve("emulab-ops/FBSD73-STD.ndz")), store.locate("emulab-ops/FBSD73-STD.ndz"));
        assertEquals(Optional.of(root.resolve("emulab-ops/FBSD73-STD.ndz")), store.locate("/emulab-ops/FBSD73-STD.ndz"));
        assertEquals(Optional.of(root.resolve("emulab-ops/FBSD73-STD.ndz")), store.locate(root + "/emulab-ops/FBSD73-STD.ndz"));
    }

    @Test
    void missingFilesAreLocatedButAbsent() {
        Path p = store.locate("new/dir/image.ndz").orElseThrow();
        assertInstanceOf(ImageLookup.Absent.class, store.examine(p));
    }

    @Test
    void dotDotAndIllegalCharactersAreRefused() {
        assertTrue(store.locate("../secret/passwd").isEmpty());
        assertTrue(store.locate("emulab-ops/../../secret/passwd").isEmpty());
        assertTrue(store.locate("./x").isEmpty());
        assertTrue(store.locate("a b").isEmpty());
        assertTrue(store.locate("a;rm").isEmpty());
        assertTrue(store.locate("").isEmpty());
        assertNotNull(ImageNames.problem("x".repeat(1024)));
        assertNull(ImageNames.problem("pid/name:3+x_y-z.ndz"));
        assertNotNull(ImageNames.problem("pid/name:3,sig"), "',' is not in the null config's character set");
    }

    @Test
    void symlinkOutOfTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("passwd.ndz"), outside.resolve("passwd"));
        assertTrue(store.locate("escape/passwd").isEmpty());
        assertTrue(store.locate("passwd.ndz").isEmpty());
        assertInstanceOf(ImageLookup.Unusable.class, store.examine(root.resolve("passwd.ndz")));
    }

    @Test
    void symlinkInsideTheRootIsFollowedToItsRealPath() throws IOException {
        Files.createSymbolicLink(root.resolve("current.ndz"), root.resolve("emulab-ops/FBSD73-STD.ndz"));
        ImageLookup lookup = store.examine(store.locate("current.ndz").orElseThrow());
        ImageFile file = ((ImageLookup.Present) lookup).file();
        assertEquals(root.resolve("emulab-ops/FBSD73-STD.ndz"), file.path());
    }

    /** A linked directory on the way leaves the quick per-component check for full resolution. */
    @Test
    void linkedDirectoriesOnTheWayAreResolvedInsideAndRefusedOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("ops"), root.resolve("emulab-ops"));
        ImageFile inside = ((ImageLookup.Present) store.examine(store.locate("ops/FBSD73-STD.ndz").orElseThrow())).file();
        assertEquals(root.resolve("emulab-ops/FBSD73-STD.ndz"), inside.path());
        Files.createDirectories(root.resolve("deep"));
        Files.createSymbolicLink(root.resolve("deep/out"), outside);
        assertTrue(store.locate("deep/out/passwd").isEmpty());
        assertInstanceOf(ImageLookup.Unusable.class, store.examine(root.resolve("deep/out/passwd")));
    }

    @Test
    void aFileUsedAsADirectoryIsUnusableAndAMissingDirectoryAbsent() {
        assertInstanceOf(ImageLookup.Unusable.class, store.examine(root.resolve("emulab-ops/FBSD73-STD.ndz/x")));
        assertInstanceOf(ImageLookup.Absent.class, store.examine(root.resolve("no-such-dir/x.ndz")));
        assertEquals(Optional.of(root.resolve("emulab-ops/new.ndz")), store.locate("emulab-ops/new.ndz"));
    }

    @Test
    void theRootItselfAndDirectoriesAreNotImages() {
        assertTrue(store.locate("/").isEmpty());
        assertInstanceOf(ImageLookup.Unusable.class, store.examine(store.locate("emulab-ops").orElseThrow()));
    }

    @Test
    void examineReportsSizeAndMtimeSeconds() throws IOException {
        Path p = root.resolve("emulab-ops/FBSD73-STD.ndz");
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_323_685_248_999L));
        ImageFile f = ((ImageLookup.Present) store.examine(p)).file();
        assertEquals(5, f.size());
        assertEquals(1_323_685_248L, f.mtimeSeconds());
    }

    @Test
    void laterRootsAreSearchedWhenTheFirstLacksTheImage() throws IOException {
        Path second = Files.createDirectories(tmp.resolve("cache")).toRealPath();
        Files.writeString(second.resolve("cached.ndz"), "c");
        ImageStore two = new ImageStore(List.of(root, second));
        assertEquals(Optional.of(second.resolve("cached.ndz")), two.locate("cached.ndz"));
        assertEquals(Optional.of(root.resolve("nowhere.ndz")), two.locate("nowhere.ndz"));
    }

    @Test
    void confinesAcceptsPathsInsideTheRootsOnly() throws IOException {
        assertTrue(store.confines(root.resolve("emulab-ops/FBSD73-STD.ndz")));
        assertTrue(store.confines(root.resolve("new/dir/image.ndz")), "not yet existing, inside");
        assertTrue(!store.confines(outside.resolve("passwd")));
        assertTrue(!store.confines(outside.resolve("new.ndz")));
        assertTrue(!store.confines(root.resolve("../secret/x")), "'..' is refused before anything else");
        assertTrue(!store.confines(root), "the root itself is no image");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        assertTrue(!store.confines(root.resolve("escape/new.ndz")), "through a symlink out of the root");
    }
}
