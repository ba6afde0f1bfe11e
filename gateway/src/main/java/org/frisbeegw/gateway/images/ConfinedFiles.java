package org.frisbeegw.gateway.images;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

/**
 * Opens files so that what is opened is what was checked. The name is resolved once (symlinks
 * inside the roots are allowed) and the real path must lie inside a root; the open then walks
 * from that root one component at a time relative to the directory opened before, refusing to
 * follow a symlink at any step (openat with O_NOFOLLOW, through {@link SecureDirectoryStream}).
 * A name swapped for a symlink between the check and the open therefore fails the open instead
 * of serving (or writing) a file outside the roots.
 */
public final class ConfinedFiles {
    private ConfinedFiles() {
    }

    /** Opens {@code path} for reading; it must be a regular file whose real path is inside a root. */
    public static FileChannel openRead(Path path, Collection<Path> roots) throws IOException {
        return open(path.toRealPath(), roots, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** The root that {@code real} (a real path) lies strictly inside, if any; roots are resolved first. */
    public static Optional<Path> rootOf(Path real, Collection<Path> roots) {
        return roots.stream().map(ConfinedFiles::realOrSelf).filter(r -> real.startsWith(r) && !real.equals(r))
                .findFirst();
    }

    /**
     * Creates a new file in {@code dir} (which must be, or be inside, a root) with
     * CREATE_NEW and no-follow: an existing name, a planted symlink included, is an error.
     */
    public static FileChannel createNew(Path dir, String name, Collection<Path> roots) throws IOException {
        if (name.contains("/") || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        Path real = dir.toRealPath().resolve(name);
        return open(real, roots, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS));
    }

    private static Path realOrSelf(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize();
        }
    }

    private static FileChannel open(Path real, Collection<Path> roots, Set<? extends OpenOption> options)
            throws IOException {
        Path root = rootOf(real, roots)
                .orElseThrow(() -> new FileSystemException(real.toString(), null, "outside the image roots"));
        Path rel = root.relativize(real);
        Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();
        try {
            DirectoryStream<Path> top = Files.newDirectoryStream(root);
            if (!(top instanceof SecureDirectoryStream<Path> dir)) {
                top.close();
                throw new FileSystemException(root.toString(), null, "no openat support: cannot open confined");
            }
            opened.push(dir);
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                opened.push(opened.peek().newDirectoryStream(rel.getName(i), LinkOption.NOFOLLOW_LINKS));
            }
            Path last = rel.getFileName();
            SeekableByteChannel ch = opened.peek().newByteChannel(last, options);
            if (!(ch instanceof FileChannel file)) {
                ch.close();
                throw new FileSystemException(real.toString(), null, "not a file channel");
            }
            BasicFileAttributes attrs = opened.peek().getFileAttributeView(last, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!attrs.isRegularFile()) {
                file.close();
                throw new FileSystemException(real.toString(), null, "not a regular file");
            }
            return file;
        } finally {
            for (SecureDirectoryStream<Path> d : opened) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // a directory handle; the channel we return does not depend on it
                }
            }
        }
    }
}
