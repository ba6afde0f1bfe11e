package org.frisbeegw.wire.data;

/** Constants of the Frisbee UDP data protocol (frisbee-data-protocol.md, decls.h default build). */
public final class DataProtocol {
    public static final int HEADER_LENGTH = 16;
    public static final int BLOCK_SIZE = 1024;
    public static final int CHUNK_BLOCKS = 1024;
    public static final long CHUNK_SIZE = (long) BLOCK_SIZE * CHUNK_BLOCKS;
    public static final int BLOCKMAP_BYTES = CHUNK_BLOCKS / 8;
    /** C reads every datagram into sizeof(Packet_t) = 1056 bytes; a longer one is cut (§4 rule 1). */
    public static final int MAX_DATAGRAM = 1056;

    public static final int TYPE_REQUEST = 1;
    public static final int TYPE_REPLY = 2;

    public static final int JOIN = 1;
    public static final int LEAVE = 2;
    public static final int BLOCK = 3;
    public static final int REQUEST = 4;
    public static final int LEAVE2 = 5;
    public static final int PREQUEST = 6;
    public static final int JOIN2 = 7;

    /** Server defaults (decls.h). */
    public static final int SERVER_READ_SIZE = 32;
    public static final int SERVER_BURST_SIZE = 16;
    public static final int SERVER_BURST_GAP_MICROS = 2000;
    /** Client defaults (decls.h). */
    public static final int MAX_READAHEAD = 2;
    public static final int MAX_INPROGRESS = 8;
    public static final int PKTRCV_TIMEOUT_MILLIS = 30;
    public static final int CLIENT_IDLETIMER_COUNT = 3;
    public static final int CLIENT_REQUEST_REDO_MILLIS = 1000;
    /** The C client resends its JOIN/JOIN2 every 500 ms until answered (§6). */
    public static final int JOIN_RESEND_MILLIS = 500;
    /** Multicast TTL both C roles set (network.c). */
    public static final int MULTICAST_TTL = 5;

    private DataProtocol() {
    }

    /** Number of 1 KiB blocks needed to hold {@code bytes}. */
    public static long blocksFor(long bytes) {
        return (bytes + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /** Number of 1 MiB chunks needed to hold {@code bytes}. */
    public static int chunksFor(long bytes) {
        return (int) ((bytes + CHUNK_SIZE - 1) / CHUNK_SIZE);
    }

    /** Blocks in chunk {@code chunk} of a file of {@code bytes} (the last chunk may be short). */
    public static int blocksInChunk(int chunk, long bytes) {
        long rest = bytes - chunk * CHUNK_SIZE;
        return (int) Math.min(CHUNK_BLOCKS, Math.max(0, blocksFor(rest)));
    }
}
