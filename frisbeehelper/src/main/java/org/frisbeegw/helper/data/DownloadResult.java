package org.frisbeegw.helper.data;

import java.time.Duration;

/** What a finished download did: bytes written, time taken, blocks received, duplicates and requests sent. */
public record DownloadResult(long bytes, Duration elapsed, long blocks, long duplicates, long requests) {
    public double bytesPerSecond() {
        return elapsed.isZero() ? 0 : bytes * 1e9 / elapsed.toNanos();
    }
}
