package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.MalformedMessageException.Reason;

/**
 * One Frisbee data packet: a 16-byte header (type, subtype, datalen, srcip) and a body, all
 * little-endian ints as the x86 C peers send them. BLOCK, REQUEST, PREQUEST, JOIN, JOIN2 and LEAVE
 * requests carry header type REQUEST (the C server sends its BLOCKs that way too); JOIN and JOIN2
 * answers carry REPLY.
 */
public sealed interface FrisbeePacket {

    int type();

    int subtype();

    /** Body length the sender states in {@code datalen}. */
    int bodyLength();

    void encodeBody(ByteBuffer out);

    /** Header + body, little-endian; srcip is left 0 for the receiver to fill in. */
    default ByteBuffer encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(type()).putInt(subtype()).putInt(bodyLength()).putInt(0);
        encodeBody(out);
        return out;
    }

    default byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(DataProtocol.HEADER_LENGTH + bodyLength());
        encode(b);
        return b.array();
    }

    /** JOIN request: a random client id. */
    record Join(int clientId) implements FrisbeePacket {
        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.JOIN;
        }

        public int bodyLength() {
            return 4;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(clientId);
        }
    }

    /** JOIN reply: the number of 1 KiB blocks in the file. */
    record JoinReply(int blockCount) implements FrisbeePacket {
        public int type() {
            return DataProtocol.TYPE_REPLY;
        }

        public int subtype() {
            return DataProtocol.JOIN;
        }

        public int bodyLength() {
            return 4;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(blockCount);
        }
    }

    /** JOIN2, request (the client's wishes) or reply (what the server provides, with the exact byte count). */
    record Join2(boolean reply, int clientId, int blockCount, int chunkSize, int blockSize, long byteCount)
            implements FrisbeePacket {
        public int type() {
            return reply ? DataProtocol.TYPE_REPLY : DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.JOIN2;
        }

        public int bodyLength() {
            return 24;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(clientId).putInt(blockCount).putInt(chunkSize).putInt(blockSize).putLong(byteCount);
        }
    }

    record Leave(int clientId, int elapsedSeconds) implements FrisbeePacket {
        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.LEAVE;
        }

        public int bodyLength() {
            return 8;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(clientId).putInt(elapsedSeconds);
        }
    }

    /**
     * LEAVE2: LEAVE plus the client's ClientStats block, kept raw: its size depends on the
     * client's word size (a union of 256 C longs), so only clientid and elapsed are interpreted.
     */
    record Leave2(int clientId, int elapsedSeconds, byte[] stats) implements FrisbeePacket {
        public Leave2 {
            stats = stats.clone();
        }

        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.LEAVE2;
        }

        public int bodyLength() {
            return 8 + stats.length;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(clientId).putInt(elapsedSeconds).put(stats);
        }

        /** The stats version word (1 for CLIENT_STATS_VERSION), or -1 when absent. */
        public int statsVersion() {
            return stats.length >= 4 ? ByteBuffer.wrap(stats).order(ByteOrder.LITTLE_ENDIAN).getInt(0) : -1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Leave2 l && l.clientId == clientId && l.elapsedSeconds == elapsedSeconds
                    && Arrays.equals(l.stats, stats);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * clientId + elapsedSeconds) + Arrays.hashCode(stats);
        }
    }

    /** One data block; {@code data} is exactly {@link DataProtocol#BLOCK_SIZE} bytes (a short tail is zero-padded). */
    record Block(int chunk, int block, byte[] data) implements FrisbeePacket {
        public Block {
            if (data.length != DataProtocol.BLOCK_SIZE) {
                throw new IllegalArgumentException("block data must be " + DataProtocol.BLOCK_SIZE + " bytes");
            }
        }

        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.BLOCK;
        }

        public int bodyLength() {
            return 8 + DataProtocol.BLOCK_SIZE;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(chunk).putInt(block).put(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && b.chunk == chunk && b.block == block && Arrays.equals(b.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * chunk + block) + Arrays.hashCode(data);
        }
    }

    /** Request for {@code count} consecutive blocks of a chunk from {@code block} on. */
    record Request(int chunk, int block, int count) implements FrisbeePacket {
        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.REQUEST;
        }

        public int bodyLength() {
            return 12;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(chunk).putInt(block).putInt(count);
        }
    }

    /** Partial request: bit i of the 128-byte map (LSB first in each byte) asks for block i. */
    record PartialRequest(int chunk, int retries, byte[] blockMap) implements FrisbeePacket {
        public PartialRequest {
            if (blockMap.length != DataProtocol.BLOCKMAP_BYTES) {
                throw new IllegalArgumentException("block map must be " + DataProtocol.BLOCKMAP_BYTES + " bytes");
            }
            blockMap = blockMap.clone();
        }

        public boolean wants(int block) {
            return (blockMap[block >> 3] & (1 << (block & 7))) != 0;
        }

        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.PREQUEST;
        }

        public int bodyLength() {
            return 8 + DataProtocol.BLOCKMAP_BYTES;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(chunk).putInt(retries).put(blockMap);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PartialRequest p && p.chunk == chunk && p.retries == retries
                    && Arrays.equals(p.blockMap, blockMap);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * chunk + retries) + Arrays.hashCode(blockMap);
        }
    }

    /**
     * Decodes one datagram. A datagram shorter than header + datalen, a datalen below the
     * subtype's body size, or an unknown type/subtype is rejected; range checks against the file
     * (chunk and block numbers) are the receiver's, who knows the file.
     */
    static FrisbeePacket decode(ByteBuffer datagram) throws MalformedMessageException {
        ByteBuffer in = datagram.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < DataProtocol.HEADER_LENGTH) {
            throw new MalformedMessageException(Reason.TRUNCATED, "packet of " + in.remaining() + " bytes has no header");
        }
        int type = in.getInt();
        int subtype = in.getInt();
        int datalen = in.getInt();
        in.getInt(); // srcip: the receiver knows the real source
        if (type != DataProtocol.TYPE_REQUEST && type != DataProtocol.TYPE_REPLY) {
            throw new MalformedMessageException(Reason.UNKNOWN_TYPE, "packet type " + type);
        }
        if (datalen < 0 || datalen > in.remaining()) {
            throw new MalformedMessageException(Reason.TRUNCATED, "datalen " + datalen + " but " + in.remaining() + " body bytes");
        }
        ByteBuffer body = in.slice().limit(datalen).order(ByteOrder.LITTLE_ENDIAN);
        boolean reply = type == DataProtocol.TYPE_REPLY;
        return switch (subtype) {
            case DataProtocol.JOIN -> {
                need(body, 4, "JOIN");
                yield reply ? new JoinReply(body.getInt()) : new Join(body.getInt());
            }
            case DataProtocol.JOIN2 -> {
                need(body, 24, "JOIN2");
                yield new Join2(reply, body.getInt(), body.getInt(), body.getInt(), body.getInt(), body.getLong());
            }
            case DataProtocol.LEAVE -> {
                need(body, 8, "LEAVE");
                yield new Leave(body.getInt(), body.getInt());
            }
            case DataProtocol.LEAVE2 -> {
                need(body, 8, "LEAVE2");
                int id = body.getInt();
                int elapsed = body.getInt();
                byte[] stats = new byte[body.remaining()];
                body.get(stats);
                yield new Leave2(id, elapsed, stats);
            }
            case DataProtocol.BLOCK -> {
                need(body, 8 + DataProtocol.BLOCK_SIZE, "BLOCK");
                int chunk = body.getInt();
                int block = body.getInt();
                byte[] data = new byte[DataProtocol.BLOCK_SIZE];
                body.get(data);
                yield new Block(chunk, block, data);
            }
            case DataProtocol.REQUEST -> {
                need(body, 12, "REQUEST");
                yield new Request(body.getInt(), body.getInt(), body.getInt());
            }
            case DataProtocol.PREQUEST -> {
                need(body, 8 + DataProtocol.BLOCKMAP_BYTES, "PREQUEST");
                int chunk = body.getInt();
                int retries = body.getInt();
                byte[] map = new byte[DataProtocol.BLOCKMAP_BYTES];
                body.get(map);
                yield new PartialRequest(chunk, retries, map);
            }
            default -> throw new MalformedMessageException(Reason.UNKNOWN_TYPE, "packet subtype " + subtype);
        };
    }

    private static void need(ByteBuffer body, int n, String what) throws MalformedMessageException {
        if (body.remaining() < n) {
            throw new MalformedMessageException(Reason.TRUNCATED, what + " needs datalen " + n + ", got " + body.remaining());
        }
    }
}
