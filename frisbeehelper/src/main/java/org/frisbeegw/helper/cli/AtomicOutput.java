package org.frisbeegw.helper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Where {@code fetch} writes: a new file beside the output, renamed over it once the download is
 * complete, so a fetch that fails halfway leaves the old image as it was and nobody ever reads
 * half an image under its name. A symbolic link at the output is replaced, never written
 * through. An existing device or pipe (a disk, {@code /dev/null}) cannot be renamed over and is
 * written in place, as {@code frisbee} writes a disk.
 */
final class AtomicOutput implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path target;
    private final Path writeTo;
    private boolean committed;

    private AtomicOutput(Path target, Path writeTo) {
        this.target = target;
        this.writeTo = writeTo;
    }

    static AtomicOutput beside(Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(target)) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(target + " is a directory");
            }
            return new AtomicOutput(target, target);
        }
        Path dir = target.toAbsolutePath().getParent();
        // createFile, not createTempFile: the image gets the mode any new file gets (the umask's),
        // not 0600; and an image fetched again keeps the mode the old one had.
        String unique = Long.toUnsignedString(RANDOM.nextLong(), 36);
        Path temp = Files.createFile(dir.resolve("." + target.getFileName() + "." + unique + ".part"));
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
        }
        return new AtomicOutput(target, temp);
    }

    /** The file to download into. */
    Path path() {
        return writeTo;
    }

    /** Puts the finished download in place (one rename: readers see the old file or the new one). */
    void commit() throws IOException {
        if (!writeTo.equals(target)) {
            Files.move(writeTo, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Removes the unfinished download unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed && !writeTo.equals(target)) {
            Files.deleteIfExists(writeTo);
        }
    }
}
