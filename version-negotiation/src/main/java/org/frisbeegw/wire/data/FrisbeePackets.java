package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import java.util.BitSet;
import org.frisbeegw.wire.MalformedMessageException;

/** Entry point for decoding data packets (kept apart so callers need not know the sealed interface's internals). */
public final class FrisbeePackets {
    private FrisbeePackets() {
    }

    public static FrisbeePacket decode(ByteBuffer datagram) throws MalformedMessageException {
        return FrisbeePacket.decode(datagram);
    }

    /** A PREQUEST map with the given blocks set (bit i of byte i/8, least significant bit first). */
    public static byte[] blockMap(BitSet blocks) {
        byte[] map = new byte[DataProtocol.BLOCKMAP_BYTES];
        for (int b = blocks.nextSetBit(0); b >= 0 && b < DataProtocol.CHUNK_BLOCKS; b = blocks.nextSetBit(b + 1)) {
            map[b >> 3] |= (byte) (1 << (b & 7));
        }
        return map;
    }
}
