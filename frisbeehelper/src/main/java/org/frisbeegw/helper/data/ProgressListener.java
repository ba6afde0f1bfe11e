package org.frisbeegw.helper.data;

/** Told how a download is going, after each finished chunk and at the end. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, elapsedNanos) -> { };

    void progress(long bytesDone, long bytesTotal, long elapsedNanos);
}
