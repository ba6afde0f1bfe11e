package org.frisbeegw.gateway.images;

import java.nio.file.Path;

/** A regular image file as found on disk: its real path, size in bytes and mtime in seconds. */
public record ImageFile(Path path, long size, long mtimeSeconds) {
}
