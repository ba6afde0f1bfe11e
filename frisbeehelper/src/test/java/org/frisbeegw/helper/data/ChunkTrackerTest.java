package org.frisbeegw.helper.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ChunkTrackerTest {
    private static byte[] block(int value) {
        byte[] b = new byte[1024];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void shortLastChunkCompletesWithItsExactBytes() {
        ChunkTracker t = new ChunkTracker((1 << 20) + 1500, 4);
        assertEquals(2, t.chunks());
        assertNull(t.accept(1, 0, ByteBuffer.wrap(block(1)), 0));
        ChunkTracker.Whole whole = t.accept(1, 1, ByteBuffer.wrap(block(2)), 0);
        assertNotNull(whole);
        assertEquals(1500, whole.bytes().length);
        assertEquals(2, whole.bytes()[1499]);
        assertTrue(t.isDone(1));
        assertFalse(t.complete());
    }

    @Test
    void duplicatesAndOutOfRangeBlocksAreIgnored() {
        ChunkTracker t = new ChunkTracker(3000, 4);
        assertNull(t.accept(0, 0, ByteBuffer.wrap(block(1)), 0));
        assertNull(t.accept(0, 0, ByteBuffer.wrap(block(9)), 0));
        assertEquals(1, t.duplicates());
        assertNull(t.accept(0, 3, ByteBuffer.wrap(block(1)), 0), "block 3 is past the end of a 3000-byte file");
        assertNull(t.accept(1, 0, ByteBuffer.wrap(block(1)), 0), "no chunk 1");
        assertNull(t.accept(-1, 0, ByteBuffer.wrap(block(1)), 0));
        BitSet missing = t.missing(0);
        assertEquals(BitSet.valueOf(new long[] {0b110}), missing);
        assertNull(t.accept(0, 1, ByteBuffer.wrap(block(2)), 0));
        ChunkTracker.Whole w = t.accept(0, 2, ByteBuffer.wrap(block(3)), 0);
        byte[] expected = new byte[3000];
        Arrays.fill(expected, 0, 1024, (byte) 1);
        Arrays.fill(expected, 1024, 2048, (byte) 2);
        Arrays.fill(expected, 2048, 3000, (byte) 3);
        assertArrayEquals(expected, w.bytes());
        assertTrue(t.complete());
        assertEquals(3000, t.bytesDone());
    }

    @Test
    void bufferLimitBoundsMemoryForUnrequestedChunks() {
        ChunkTracker t = new ChunkTracker(10L << 20, 2);
        t.accept(0, 0, ByteBuffer.wrap(block(0)), 0);
        t.accept(1, 0, ByteBuffer.wrap(block(0)), 0);
        assertNull(t.accept(2, 0, ByteBuffer.wrap(block(0)), 0));
        assertFalse(t.hasPartial(2));
        assertEquals(0, t.nextWanted(new BitSet()).getAsInt());
    }

    @Test
    void emptyFileIsCompleteAtOnce() {
        assertTrue(new ChunkTracker(0, 1).complete());
    }

    @Test
    void aReusedBufferIsFullyOverwrittenAndBlocksAreReadAtTheirIndex() {
        byte[] stale = new byte[1 << 20];
        Arrays.fill(stale, (byte) 0x77);
        ChunkTracker t = new ChunkTracker(2L << 20, 4, () -> stale);
        ByteBuffer received = ByteBuffer.allocateDirect(1100);
        ChunkTracker.Whole w = null;
        for (int b = 0; b < 1024; b++) {
            received.put(24, block(b), 0, 1024);
            w = t.accept(0, b, received, 24);
        }
        assertNotNull(w);
        assertTrue(w.bytes() == stale, "the reusable buffer was used");
        for (int b = 0; b < 1024; b++) {
            assertEquals((byte) b, w.bytes()[b * 1024 + 1023], "block " + b);
        }
    }
}
