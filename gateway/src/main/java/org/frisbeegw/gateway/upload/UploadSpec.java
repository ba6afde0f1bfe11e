package org.frisbeegw.gateway.upload;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One upload (master-server.md §6.1 step 10, §6.2): listen on {@code listenAddr}, take a
 * connection from {@code client} only, store into {@code target} (inside one of {@code roots})
 * exactly {@code announcedSize} bytes, or when that is 0 at most {@code sizeLimit}, within
 * {@code timeout}; {@code mtime} 0 leaves the file's time as written.
 */
public record UploadSpec(String imageId, Path target, InetAddress listenAddr, InetAddress client, long sizeLimit,
                         Duration timeout, long mtime, long announcedSize, List<Path> roots) {
    public UploadSpec {
        roots = List.copyOf(roots);
    }

    /** The most bytes that may arrive: the announced size, else the limit. */
    public long maxBytes() {
        return announcedSize > 0 ? Math.min(announcedSize, sizeLimit) : sizeLimit;
    }
}
