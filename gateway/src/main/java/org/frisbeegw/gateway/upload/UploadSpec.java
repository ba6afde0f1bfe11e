package org.frisbeegw.gateway.upload;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One upload (master-server.md §6.1 step 10, §6.2): listen on {@code listenAddr}, take a
 * connection from {@code client} only, store at most {@code sizeLimit} bytes into
 * {@code target}, within {@code timeout}; {@code mtime} 0 leaves the file's time as written.
 */
public record UploadSpec(String imageId, Path target, InetAddress listenAddr, InetAddress client, long sizeLimit,
                         Duration timeout, long mtime) {
}
