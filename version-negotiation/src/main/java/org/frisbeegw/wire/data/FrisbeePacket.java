package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.MalformedMessageException.Reason;

/**
 * One Frisbee data packet (frisbee-data-protocol.md §3, §5): a 16-byte {@link PacketHeader} and a
 * body of little-endian ints, as the x86 C peers send them. Every packet carries header type
 * REQUEST (BLOCKs too, as C frisbeed sends them) except JOIN and JOIN2 answers, which carry REPLY.
 */
public sealed interface FrisbeePacket {

    int type();

    int subtype();

    /** Body length the sender states in {@code datalen}. */
    int bodyLength();

    void encodeBody(ByteBuffer out);

    /**
     * Header + body: little-endian integers, {@code srcIp} (the sender's own IPv4 address, as the
     * peer will see the datagram's IP source) in network order, exactly 16 + datalen bytes.
     */
    default ByteBuffer encode(ByteBuffer out, int srcIp) {
        PacketHeader.write(out, type(), subtype(), bodyLength(), srcIp);
        encodeBody(out);
        return out;
    }

    default byte[] toBytes(int srcIp) {
        ByteBuffer b = ByteBuffer.allocate(DataProtocol.HEADER_LENGTH + bodyLength());
        encode(b, srcIp);
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

    /** LEAVE2: LEAVE plus the client's statistics (what a C client built with STATS sends). */
    record Leave2(int clientId, int elapsedSeconds, ClientStats stats) implements FrisbeePacket {
        public int type() {
            return DataProtocol.TYPE_REQUEST;
        }

        public int subtype() {
            return DataProtocol.LEAVE2;
        }

        public int bodyLength() {
            return 8 + ClientStats.SIZE;
        }

        public void encodeBody(ByteBuffer out) {
            out.putInt(clientId).putInt(elapsedSeconds);
            stats.encode(out);
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
     * Decodes one datagram as C {@code PacketValid} judges it (§4): type 1 or 2, a known subtype,
     * and datalen at least that subtype's body size (a longer body is accepted, its tail ignored).
     * The header type only tells a JOIN/JOIN2 request from its reply. Range checks against the
     * file (chunk and block numbers) are the receiver's, who knows the file.
     */
    static FrisbeePacket decode(ByteBuffer datagram) throws MalformedMessageException {
        PacketHeader h = PacketHeader.read(datagram);
        ByteBuffer in = datagram.slice().order(ByteOrder.LITTLE_ENDIAN);
        in.position(DataProtocol.HEADER_LENGTH);
        if (h.type() != DataProtocol.TYPE_REQUEST && h.type() != DataProtocol.TYPE_REPLY) {
            throw new MalformedMessageException(Reason.UNKNOWN_TYPE, "packet type " + h.type());
        }
        if (h.datalen() < 0 || h.datalen() > in.remaining()) {
            throw new MalformedMessageException(Reason.TRUNCATED, "datalen " + h.datalen() + " but " + in.remaining()
                    + " body bytes");
        }
        ByteBuffer body = in.slice().limit(h.datalen()).order(ByteOrder.LITTLE_ENDIAN);
        boolean reply = h.type() == DataProtocol.TYPE_REPLY;
        return switch (h.subtype()) {
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
                need(body, 8 + ClientStats.SIZE, "LEAVE2");
                yield new Leave2(body.getInt(), body.getInt(), ClientStats.decode(body));
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
            default -> throw new MalformedMessageException(Reason.UNKNOWN_TYPE, "packet subtype " + h.subtype());
        };
    }

    private static void need(ByteBuffer body, int n, String what) throws MalformedMessageException {
        if (body.remaining() < n) {
            throw new MalformedMessageException(Reason.TRUNCATED, what + " needs datalen " + n + ", got "
                    + body.remaining());
        }
    }
}
