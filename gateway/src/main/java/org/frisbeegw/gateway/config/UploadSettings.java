package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** PUT uploads: the writable root (uploads are off without it), the largest upload and the longest time. */
public record UploadSettings(Optional<Path> putDir, long maxSize, Duration timeout) {
    public static final long DEFAULT_MAX_SIZE = 10_000_000_000L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(900);
    public static final UploadSettings DEFAULTS = new UploadSettings(Optional.empty(), DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT);

    public UploadSettings withPutDir(Path dir) {
        return new UploadSettings(Optional.of(dir), maxSize, timeout);
    }

    public UploadSettings withMaxSize(long max) {
        return new UploadSettings(putDir, max, timeout);
    }
}
