package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where images are read from (-I, real paths, searched in order; the first also holds the
 * parent-fetch cache) and how large that cache may grow.
 */
public record ImageSettings(List<Path> dirs, long cacheMaxBytes) {
    public static final Path DEFAULT_DIR = Path.of("/usr/local/images");
    public static final ImageSettings DEFAULTS = new ImageSettings(List.of(DEFAULT_DIR), Long.MAX_VALUE);

    public ImageSettings {
        dirs = List.copyOf(dirs);
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("at least one image directory is needed");
        }
    }

    public ImageSettings withDirs(List<Path> d) {
        return new ImageSettings(d, cacheMaxBytes);
    }

    public ImageSettings withCacheMaxBytes(long max) {
        return new ImageSettings(dirs, max);
    }
}
