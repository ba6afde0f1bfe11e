package org.frisbeegw.gateway.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

/**
 * Puts a finished temporary file in place (master-server.md §6.3): set the mtime if one was
 * given, keep the old version as {@code <path>.bak}, rename the new one in. If the last rename
 * fails the old version is put back, so readers always see a whole file.
 */
public final class ImageInstaller {
    private ImageInstaller() {
    }

    public static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
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
