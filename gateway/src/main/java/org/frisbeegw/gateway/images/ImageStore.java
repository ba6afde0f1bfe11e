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
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0)); // the answer either way: no need to look for it
        }
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
            Optional<BasicFileAttributes> plain = plainBelowRoot(roots, path);
            if (plain.isPresent()) {
                return fileAt(path, path, plain.get());
            }
            Path real = path.toRealPath();
            if (!insideSomeRoot(real)) {
                return new ImageLookup.Unusable(path, "resolves outside the image roots");
            }
            return fileAt(path, real, Files.readAttributes(real, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return new ImageLookup.Absent(path);
        } catch (IOException e) {
            return new ImageLookup.Unusable(path, e.toString());
        }
    }

    /** {@code real} (the real path of {@code path}) as an image, if it is a regular file. */
    private static ImageLookup fileAt(Path path, Path real, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
            return new ImageLookup.Unusable(path, "not a regular file");
        }
        return new ImageLookup.Present(new ImageFile(real, attrs.size(), attrs.lastModifiedTime().toMillis() / 1000));
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
        try {
            if (plainBelowRoot(List.of(root), path).isPresent()) {
                return true;
            }
        } catch (IOException e) {
            // not all there (or not readable): judge by the longest existing prefix below
        }
        Path existing = longestExistingPrefix(path);
        try {
            Path real = existing.toRealPath();
            return real.startsWith(root) && (!real.equals(root) || !existing.equals(path));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The attributes of {@code path} when it lies strictly below one of {@code roots} (real
     * paths) and no component below that root is a symbolic link: then the path is its own real
     * path, which one lstat per component below the root shows, where realpath would read every
     * component of the whole path as a link, and again for each call. The usual image qualifies
     * (a status request did 8 readlinks before). Empty when it does not hold (a link on the way,
     * a path outside the roots, an unnormalised path): the caller resolves the path in full.
     *
     * @throws IOException when a component is missing or cannot be examined
     */
    private static Optional<BasicFileAttributes> plainBelowRoot(List<Path> roots, Path path) throws IOException {
        if (!path.isAbsolute() || !path.equals(path.normalize())) {
            return Optional.empty();
        }
        for (Path root : roots) {
            if (path.startsWith(root) && !path.equals(root)) {
                Path at = root;
                BasicFileAttributes attrs = null;
                for (Path name : root.relativize(path)) {
                    at = at.resolve(name);
                    attrs = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isSymbolicLink()) {
                        return Optional.empty();
                    }
                }
                return Optional.ofNullable(attrs);
            }
        }
        return Optional.empty();
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
