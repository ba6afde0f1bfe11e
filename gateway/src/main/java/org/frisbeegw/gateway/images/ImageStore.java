package org.frisbeegw.gateway.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Maps image ids to files under one or more roots and keeps them there. A path is confined when
 * the real path of its longest existing prefix lies strictly inside a root, so neither {@code ..}
 * nor a symlink can lead outside (master-server.md §7.2, stricter than the C server's check).
 */
public final class ImageStore {
    private final List<Path> roots;

    /** @param roots real paths (already resolved) of the image directories, searched in order */
    public ImageStore(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one image root is needed");
        }
        this.roots = List.copyOf(roots);
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The confined path for an id: in the first root that holds a file of that name, else in the
     * first root. Empty when the id is illegal or leads outside every root.
     */
    public Optional<Path> locate(String imageId) {
        List<Path> candidates = candidates(imageId);
        return candidates.stream().filter(Files::exists).findFirst().or(() -> candidates.stream().findFirst());
    }

    /** The confined path of the id in each root, in root order (empty for an illegal id). */
    public List<Path> candidates(String imageId) {
        if (ImageNames.problem(imageId) != null) {
            return List.of();
        }
        return roots.stream().map(root -> confined(root, imageId)).flatMap(Optional::stream).toList();
    }

    /**
     * True when {@code path}, existing or not, lies inside a root: the real path of its longest
     * existing prefix is a root or inside one, and the rest has no {@code ..}. For paths a
     * configuration hands us (the Emulab DB's images.path) before anything is written there.
     */
    public boolean confines(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        if (!normal.equals(path.toAbsolutePath())) {
            return false;
        }
        return roots.stream().anyMatch(r -> within(r, normal));
    }

    /** Looks at the file now. Symlinks inside the roots are followed; the real path is returned. */
    public ImageLookup examine(Path path) {
        try {
            Path real = path.toRealPath();
            if (!insideSomeRoot(real)) {
                return new ImageLookup.Unusable(path, "resolves outside the image roots");
            }
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return new ImageLookup.Unusable(path, "not a regular file");
            }
            return new ImageLookup.Present(new ImageFile(real, attrs.size(), attrs.lastModifiedTime().toMillis() / 1000));
        } catch (NoSuchFileException e) {
            return new ImageLookup.Absent(path);
        } catch (IOException e) {
            return new ImageLookup.Unusable(path, e.toString());
        }
    }

    /** The null config's mapping of an id into one root, or empty if the result escapes it. */
    static Optional<Path> confined(Path root, String imageId) {
        String rootText = root.toString();
        String mapped;
        if (!imageId.startsWith("/")) {
            mapped = rootText + "/" + imageId;
        } else if (imageId.startsWith(rootText + "/")) {
            mapped = imageId;
        } else {
            mapped = rootText + imageId;
        }
        Path path = Path.of(mapped).normalize();
        return within(root, path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * True when the real path of the longest existing prefix of {@code path} is inside
     * {@code root}, or is the root itself with more of {@code path} still to be created.
     */
    private static boolean within(Path root, Path path) {
        Path existing = longestExistingPrefix(path);
        try {
            Path real = existing.toRealPath();
            return real.startsWith(root) && (!real.equals(root) || !existing.equals(path));
        } catch (IOException e) {
            return false;
        }
    }

    private boolean insideSomeRoot(Path real) {
        return roots.stream().anyMatch(r -> real.startsWith(r) && !real.equals(r));
    }

    private static Path longestExistingPrefix(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            p = p.getParent();
        }
        return p == null ? path.getRoot() : p;
    }
}
