package org.frisbeegw.wire.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.frisbeegw.wire.data.FileGeometry.Verdict;
import org.frisbeegw.wire.data.FrisbeePacket.PartialRequest;
import org.frisbeegw.wire.data.FrisbeePacket.Request;
import org.junit.jupiter.api.Test;

class FileGeometryTest {
    private final FileGeometry f1m1000 = new FileGeometry((1 << 20) + 1000);

    @Test
    void requestsWhereCFrisbeedAbortsOrReadsPastEofAreRefused() {
        assertEquals(Verdict.ZERO_COUNT, f1m1000.check(new Request(0, 0, 0)), "C aborts on count 0");
        assertEquals(Verdict.ZERO_COUNT, f1m1000.check(new Request(0, 0, -4)));
        assertEquals(Verdict.PAST_CHUNK_END, f1m1000.check(new Request(0, 1023, 0x7fffffff)), "no int overflow");
        assertEquals(Verdict.PAST_CHUNK_END, f1m1000.check(new Request(0, 1000, 100)));
        assertEquals(Verdict.CHUNK_OUT_OF_RANGE, f1m1000.check(new Request(2, 0, 1)));
        assertEquals(Verdict.CHUNK_OUT_OF_RANGE, f1m1000.check(new Request(-1, 0, 1)));
        assertEquals(Verdict.BLOCK_OUT_OF_RANGE, f1m1000.check(new Request(0, 1024, 1)));
        assertEquals(Verdict.PAST_FILE_END, f1m1000.check(new Request(1, 0, 2)), "chunk 1 has one block");
        assertEquals(Verdict.OK, f1m1000.check(new Request(1, 0, 1)));
        assertEquals(Verdict.OK, f1m1000.check(new Request(0, 1000, 24)));
    }

    @Test
    void partialRequestsMayNotAskForBlocksPastTheFile() {
        BitSet b = new BitSet();
        b.set(0);
        assertEquals(Verdict.OK, f1m1000.check(new PartialRequest(1, 0, FrisbeePackets.blockMap(b))));
        b.set(1);
        assertEquals(Verdict.PAST_FILE_END, f1m1000.check(new PartialRequest(1, 0, FrisbeePackets.blockMap(b))));
        assertEquals(Verdict.CHUNK_OUT_OF_RANGE, f1m1000.check(new PartialRequest(5, 0, new byte[128])));
    }

    @Test
    void blocksOutsideTheFileAreNotPartOfIt() {
        assertTrue(f1m1000.contains(1, 0));
        assertFalse(f1m1000.contains(1, 1));
        assertFalse(f1m1000.contains(0, 1024));
        assertFalse(new FileGeometry(0).contains(0, 0));
        assertEquals(0, new FileGeometry(0).chunks());
    }
}
