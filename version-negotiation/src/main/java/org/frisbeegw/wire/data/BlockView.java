package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A BLOCK read in place: the same verdict as {@link FrisbeePackets#decode} gives a BLOCK, without
 * copying its 1 KiB into a new array. A receiving client takes a few hundred thousand BLOCKs a
 * second, so it copies each block once, straight from the receive buffer into its chunk.
 */
public final class BlockView {
    /** Where the block's data starts, from the datagram's position. */
    public static final int DATA_OFFSET = DataProtocol.HEADER_LENGTH + 8;

    private BlockView() {
    }

    /**
     * True when {@code datagram} (position to limit) decodes as a BLOCK: type REQUEST or REPLY,
     * subtype BLOCK, datalen within what arrived and at least chunk, block and 1 KiB of data.
     */
    public static boolean isBlock(ByteBuffer datagram) {
        int p = datagram.position();
        if (datagram.remaining() < DATA_OFFSET + DataProtocol.BLOCK_SIZE) {
            return false;
        }
        int type = intAt(datagram, p);
        int datalen = intAt(datagram, p + 8);
        return (type == DataProtocol.TYPE_REQUEST || type == DataProtocol.TYPE_REPLY)
                && intAt(datagram, p + 4) == DataProtocol.BLOCK
                && datalen >= 8 + DataProtocol.BLOCK_SIZE
                && datalen <= datagram.remaining() - DataProtocol.HEADER_LENGTH;
    }

    /** The chunk number of a datagram {@link #isBlock} accepted. */
    public static int chunk(ByteBuffer datagram) {
        return intAt(datagram, datagram.position() + DataProtocol.HEADER_LENGTH);
    }

    /** The block number within its chunk. */
    public static int block(ByteBuffer datagram) {
        return intAt(datagram, datagram.position() + DataProtocol.HEADER_LENGTH + 4);
    }

    /** The data field is little-endian on the wire (C structs on x86); read without changing the buffer's order. */
    private static int intAt(ByteBuffer b, int index) {
        int v = b.getInt(index);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }
}
