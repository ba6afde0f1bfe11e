package org.frisbeegw.gateway.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.frisbeegw.gateway.images.ConfinedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary files of uploads a dead gateway left unfinished, as its journal lists
 * them. The journal is input like any other: only a name {@link ImageInstaller} makes, a regular
 * file (not a link) whose directory lies inside an image root, is removed; anything else is
 * logged and left. Either way the entry is closed in the journal, so it is not looked at again.
 */
public final class AbandonedUploads {
    private static final Logger log = LoggerFactory.getLogger(AbandonedUploads.class);
    /** {@code <image name>.<random hex>.tmp}, as {@link ImageInstaller#createTemp} names them. */
    private static final Pattern TEMPORARY = Pattern.compile(".+\\.[0-9a-f]{1,16}\\.tmp");

    private AbandonedUploads() {
    }

    public static void remove(List<Path> temporaries, List<Path> roots, UploadJournal journal) {
        for (Path t : temporaries) {
            String problem = problem(t, roots);
            if (problem == null) {
                try {
                    long size = Files.size(t);
                    Files.delete(t);
                    log.info("removed {} ({} bytes): an upload the last gateway did not finish", t, size);
                } catch (IOException e) {
                    log.warn("cannot remove the abandoned upload {}: {}", t, e.toString());
                    continue;
                }
            } else if (!problem.isEmpty()) {
                log.warn("journal lists {} as an upload's temporary file, but {}; left as it is",
                        t.toString().replaceAll("\\p{Cntrl}", "?"), problem);
            }
            try {
                journal.ended(t);
            } catch (IOException e) {
                log.warn("journal: {}", e.getMessage());
            }
        }
    }

    /** Null when {@code t} may be removed, empty when it is gone already, else why it may not. */
    private static String problem(Path t, List<Path> roots) {
        if (!t.isAbsolute() || !t.normalize().equals(t) || t.getFileName() == null
                || !TEMPORARY.matcher(t.getFileName().toString()).matches()) {
            return "that is not the name of one";
        }
        if (!Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        if (!Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)) {
            return "it is not a regular file";
        }
        try {
            // The file itself, by its real directory and own name: strictly inside a root.
            Path real = t.getParent().toRealPath().resolve(t.getFileName());
            return ConfinedFiles.rootOf(real, roots).isPresent() ? null : "it lies outside the image roots";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
