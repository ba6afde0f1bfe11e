package org.frisbeegw.wire.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.data.FrisbeePacket.Block;
import org.junit.jupiter.api.Test;

/** The in-place BLOCK reader must judge every datagram exactly as the full decoder does. */
class BlockViewTest {

    @Test
    void readsTheCapturedCBlockInPlace() throws Exception {
        Capture c = Capture.load("mc-block");
        ByteBuffer d = ByteBuffer.wrap(completed(c));
        Block full = (Block) FrisbeePackets.decode(d);
        assertTrue(BlockView.isBlock(d));
        assertEquals(full.chunk(), BlockView.chunk(d));
        assertEquals(full.block(), BlockView.block(d));
        byte[] data = new byte[DataProtocol.BLOCK_SIZE];
        d.get(BlockView.DATA_OFFSET, data);
        assertArrayEquals(full.data(), data);
    }

    @Test
    void agreesWithTheDecoderOnMutatedDatagrams() {
        Random random = new Random(20261202);
        byte[] data = new byte[DataProtocol.BLOCK_SIZE];
        random.nextBytes(data);
        List<byte[]> seeds = List.of(new Block(3, 1023, data).toBytes(0x0a000001),
                new FrisbeePacket.Request(1, 0, 1024).toBytes(1),
                new FrisbeePacket.Join2(true, 5, 0, 1024, 1024, 1L << 33).toBytes(1));
        int blocks = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] wire = mutate(seeds.get(random.nextInt(seeds.size())), random);
            // Received into the middle of a larger buffer, big- or little-endian, as a receiver may hold it.
            int at = random.nextInt(8);
            ByteBuffer d = ByteBuffer.allocate(at + wire.length + random.nextInt(8))
                    .order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            d.put(at, wire).position(at).limit(at + wire.length);
            Block full = decodeBlock(d.duplicate());
            String what = "case " + i + ": " + Arrays.toString(Arrays.copyOf(wire, Math.min(16, wire.length)));
            assertEquals(full != null, BlockView.isBlock(d), what);
            if (full != null) {
                blocks++;
                assertEquals(full.chunk(), BlockView.chunk(d), what);
                assertEquals(full.block(), BlockView.block(d), what);
                assertEquals(ByteBuffer.wrap(full.data()), d.slice(at + BlockView.DATA_OFFSET, DataProtocol.BLOCK_SIZE), what);
            }
        }
        assertTrue(blocks > 1000, "the mutations left " + blocks + " valid blocks: too few to compare");
    }

    @Test
    void aBlockCutShortOrWithADatalenPastTheDatagramIsNoBlock() {
        byte[] wire = new Block(0, 0, new byte[DataProtocol.BLOCK_SIZE]).toBytes(0);
        assertFalse(BlockView.isBlock(ByteBuffer.wrap(wire, 0, wire.length - 1)));
        ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 8 + DataProtocol.BLOCK_SIZE + 1);
        assertFalse(BlockView.isBlock(ByteBuffer.wrap(wire)));
    }

    /** The capture shows the first bytes only; the rest is the served file's (a known pattern) at that block. */
    private static byte[] completed(Capture c) {
        byte[] wire = Arrays.copyOf(c.payload(), c.wireLength());
        ByteBuffer le = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        long offset = le.getInt(16) * DataProtocol.CHUNK_SIZE + (long) le.getInt(20) * DataProtocol.BLOCK_SIZE;
        for (int i = c.payload().length; i < wire.length; i++) {
            wire[i] = Capture.fileByte(offset + i - BlockView.DATA_OFFSET);
        }
        return wire;
    }

    private static Block decodeBlock(ByteBuffer d) {
        try {
            return FrisbeePackets.decode(d) instanceof Block b ? b : null;
        } catch (MalformedMessageException e) {
            return null;
        }
    }

    /** Truncates, extends, or changes a header field or a random byte; sometimes leaves it whole. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (random.nextInt(6)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 1 -> b = Arrays.copyOf(b, b.length + random.nextInt(40));
            case 2 -> le.putInt(0, random.nextInt(4));
            case 3 -> le.putInt(4, random.nextInt(9));
            case 4 -> le.putInt(8, le.getInt(8) + random.nextInt(9) - 4);
            default -> {
                // unchanged
            }
        }
        return b;
    }
}
