package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The client statistics a LEAVE2 carries (frisbee-data-protocol.md §5, {@code ClientStats_t},
 * version 1): 4-byte fields and two u64 byte counts, packed, little-endian, in a union padded to
 * {@value #SIZE} bytes. Only the figures an operator reads are named beyond the layout's order.
 */
public record ClientStats(int version, int runSeconds, int runMillis, int delayMillis, long bytesWritten,
                          long imageBytesWritten, int chunkBuffers, int maxReadahead, int maxInProgress,
                          int packetTimeout, int startDelay, int idleTimer, int idleDelay, int redoDelay,
                          int randomize, int noChunksReady, int noFreeChunks, int duplicateChunks,
                          int duplicateBlocks, int partialRequests, int receiveIdles, int joinAttempts,
                          int requests, int decompressedBlocks, int writerIdles, int writeBufferMemory,
                          int lostBlocks, int reRequests) {
    /** Bytes of the stats union on the wire (LEAVE2 datalen 1036 = 8 + SIZE). */
    public static final int SIZE = 1028;
    /** CLIENT_STATS_VERSION of the 2011 client. */
    public static final int VERSION = 1;
    /** Bytes the version-1 fields use; the rest of the union is zero. */
    static final int USED = 120;

    void encode(ByteBuffer out) {
        int start = out.position();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(version).putInt(runSeconds).putInt(runMillis).putInt(delayMillis).putLong(bytesWritten)
                .putLong(imageBytesWritten);
        for (int v : new int[] {chunkBuffers, maxReadahead, maxInProgress, packetTimeout, startDelay, idleTimer,
            idleDelay, redoDelay, randomize, noChunksReady, noFreeChunks, duplicateChunks, duplicateBlocks,
            partialRequests, receiveIdles, joinAttempts, requests, decompressedBlocks, writerIdles,
            writeBufferMemory, lostBlocks, reRequests}) {
            out.putInt(v);
        }
        while (out.position() < start + SIZE) {
            out.put((byte) 0);
        }
    }

    /** Reads {@value #SIZE} bytes; the caller has checked they are there. */
    static ClientStats decode(ByteBuffer in) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        int start = in.position();
        int version = in.getInt();
        int runSeconds = in.getInt();
        int runMillis = in.getInt();
        int delay = in.getInt();
        long written = in.getLong();
        long imageWritten = in.getLong();
        int[] v = new int[22];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.getInt();
        }
        in.position(start + SIZE);
        return new ClientStats(version, runSeconds, runMillis, delay, written, imageWritten, v[0], v[1], v[2], v[3],
                v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18],
                v[19], v[20], v[21]);
    }

    /** What a client counted during a download, for {@link #ofDownload}. */
    public record Counters(int chunkBuffers, int maxInProgress, int duplicateBlocks, int partialRequests,
                           int receiveIdles, int joinAttempts, int requests, int reRequests) {
    }

    /**
     * What our client reports: run time, bytes written, its tunables and counters, version 1.
     * Fields our client has no notion of (decompression, writer thread) are 0.
     */
    public static ClientStats ofDownload(long elapsedMillis, long bytes, Counters c) {
        return new ClientStats(VERSION, (int) (elapsedMillis / 1000), (int) (elapsedMillis % 1000), 0, bytes, bytes,
                c.chunkBuffers(), DataProtocol.MAX_READAHEAD, c.maxInProgress(), DataProtocol.PKTRCV_TIMEOUT_MILLIS * 1000,
                0, DataProtocol.CLIENT_IDLETIMER_COUNT, DataProtocol.CLIENT_REQUEST_REDO_MILLIS,
                DataProtocol.CLIENT_REQUEST_REDO_MILLIS * 1000, 0, 0, 0, 0, c.duplicateBlocks(), c.partialRequests(),
                c.receiveIdles(), c.joinAttempts(), c.requests(), 0, 0, 0, 0, c.reRequests());
    }
}
