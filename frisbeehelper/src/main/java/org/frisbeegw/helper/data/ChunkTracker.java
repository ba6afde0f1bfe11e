package org.frisbeegw.helper.data;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.frisbeegw.wire.data.DataProtocol;

/**
 * Which blocks of a download have arrived. Blocks are gathered per chunk in a buffer; when a
 * chunk is whole it is handed back once for writing and its buffer dropped. At most
 * {@code maxBuffers} chunks are gathered at once (blocks of further chunks, e.g. multicast
 * traffic other clients asked for, are ignored until a buffer frees up). Whole-chunk buffers come
 * from {@code reusable} when it has one (chunks already written), else are allocated.
 */
final class ChunkTracker {
    /** A finished chunk: its index and exactly its bytes (the last chunk may be short). */
    record Whole(int chunk, byte[] bytes) {
    }

    private final long byteCount;
    private final int chunks;
    private final int maxBuffers;
    private final BitSet done = new BitSet();
    private final Map<Integer, Partial> partial = new HashMap<>();
    private final Supplier<byte[]> reusable;
    private long duplicates;
    private long bytesDone;

    private static final class Partial {
        final byte[] data;
        final BitSet got = new BitSet();
        int count;

        Partial(byte[] data) {
            this.data = data;
        }
    }

    ChunkTracker(long byteCount, int maxBuffers) {
        this(byteCount, maxBuffers, () -> null);
    }

    ChunkTracker(long byteCount, int maxBuffers, Supplier<byte[]> reusable) {
        this.byteCount = byteCount;
        this.chunks = DataProtocol.chunksFor(byteCount);
        this.maxBuffers = maxBuffers;
        this.reusable = reusable;
    }

    long byteCount() {
        return byteCount;
    }

    int chunks() {
        return chunks;
    }

    boolean complete() {
        return done.cardinality() == chunks;
    }

    boolean isDone(int chunk) {
        return done.get(chunk);
    }

    boolean hasPartial(int chunk) {
        return partial.containsKey(chunk);
    }

    long duplicates() {
        return duplicates;
    }

    long bytesDone() {
        return bytesDone;
    }

    /** The lowest chunk neither done nor in {@code excluded}, if any. */
    OptionalInt nextWanted(BitSet excluded) {
        for (int c = done.nextClearBit(0); c < chunks; c = done.nextClearBit(c + 1)) {
            if (!excluded.get(c)) {
                return OptionalInt.of(c);
            }
        }
        return OptionalInt.empty();
    }

    /** Blocks of a chunk still missing. */
    BitSet missing(int chunk) {
        BitSet m = new BitSet();
        m.set(0, DataProtocol.blocksInChunk(chunk, byteCount));
        Partial p = partial.get(chunk);
        if (p != null) {
            m.andNot(p.got);
        }
        return m;
    }

    /**
     * Takes one block, {@link DataProtocol#BLOCK_SIZE} bytes at {@code index} of {@code data}
     * (absolute: the buffer's position is not used or moved). Returns the whole chunk when this
     * block completes it, else null. Out-of-range, duplicate and unbufferable blocks are ignored.
     */
    Whole accept(int chunk, int block, ByteBuffer data, int index) {
        if (chunk < 0 || chunk >= chunks || block < 0 || block >= DataProtocol.blocksInChunk(chunk, byteCount)) {
            return null;
        }
        if (done.get(chunk)) {
            duplicates++;
            return null;
        }
        Partial p = partial.get(chunk);
        if (p == null) {
            if (partial.size() >= maxBuffers) {
                return null;
            }
            p = new Partial(buffer(chunkBytes(chunk)));
            partial.put(chunk, p);
        }
        if (p.got.get(block)) {
            duplicates++;
            return null;
        }
        int at = block * DataProtocol.BLOCK_SIZE;
        data.get(index, p.data, at, Math.min(DataProtocol.BLOCK_SIZE, p.data.length - at));
        p.got.set(block);
        if (++p.count < DataProtocol.blocksInChunk(chunk, byteCount)) {
            return null;
        }
        partial.remove(chunk);
        done.set(chunk);
        bytesDone += p.data.length;
        return new Whole(chunk, p.data);
    }

    /** Every byte of it is overwritten before the chunk is whole, so a reused buffer needs no clearing. */
    private byte[] buffer(int bytes) {
        byte[] b = bytes == DataProtocol.CHUNK_SIZE ? reusable.get() : null;
        return b != null ? b : new byte[bytes];
    }

    private int chunkBytes(int chunk) {
        return (int) Math.min(DataProtocol.CHUNK_SIZE, byteCount - chunk * DataProtocol.CHUNK_SIZE);
    }
}
