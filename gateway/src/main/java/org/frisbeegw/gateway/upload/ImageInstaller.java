package org.frisbeegw.gateway.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Collection;
import org.frisbeegw.gateway.images.ConfinedFiles;

/**
 * Puts a finished temporary file in place (master-server.md §6.3): set the mtime if one was
 * given, keep the old version as {@code <path>.bak}, rename the new one in. If the last rename
 * fails the old version is put back, so readers always see a whole file.
 */
public final class ImageInstaller {

    private static final SecureRandom RANDOM = new SecureRandom();
    private ImageInstaller() {
    }

    /**
     * A new, empty temporary file beside {@code target}: an unpredictable name, created with
     * CREATE_NEW and no-follow through the roots ({@link ConfinedFiles}), so nothing planted in
     * the directory (a {@code .tmp} symlink, say) can redirect the write. The caller writes through
     * the returned channel and closes it.
     */
    public static Temp createTemp(Path target, Collection<Path> roots) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName() + "." + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ".tmp";
        FileChannel ch = ConfinedFiles.createNew(dir, name, roots);
        return new Temp(dir.toRealPath().resolve(name), ch);
    }

    /** A temporary file and the channel it was created with. */
    public record Temp(Path path, FileChannel channel) {
    }

    public static void install(Path tmp, Path target, long mtimeSeconds) throws IOException {
        if (mtimeSeconds != 0) {
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(mtimeSeconds * 1000));
        }
        Path bak = target.resolveSibling(target.getFileName() + ".bak");
        boolean hadOld = Files.exists(target);
        if (hadOld) {
            Files.move(target, bak, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (hadOld) {
                Files.move(bak, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
    }
}
