package org.frisbeegw.wire.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.MalformedMessageException.Reason;
import org.frisbeegw.wire.data.FrisbeePacket.Block;
import org.frisbeegw.wire.data.FrisbeePacket.Join;
import org.frisbeegw.wire.data.FrisbeePacket.Join2;
import org.frisbeegw.wire.data.FrisbeePacket.JoinReply;
import org.frisbeegw.wire.data.FrisbeePacket.Leave;
import org.frisbeegw.wire.data.FrisbeePacket.Leave2;
import org.frisbeegw.wire.data.FrisbeePacket.PartialRequest;
import org.frisbeegw.wire.data.FrisbeePacket.Request;
import org.junit.jupiter.api.Test;

class FrisbeePacketTest {

    private static FrisbeePacket decode(byte[] b) throws MalformedMessageException {
        return FrisbeePackets.decode(ByteBuffer.wrap(b));
    }

    @Test
    void blockMapSetsBitIOfByteIOver8LeastSignificantFirst() throws Exception {
        BitSet wanted = new BitSet();
        wanted.set(0);
        wanted.set(9);
        wanted.set(1023);
        byte[] map = FrisbeePackets.blockMap(wanted);
        assertEquals(0x01, map[0]);
        assertEquals(0x02, map[1]);
        assertEquals((byte) 0x80, map[127]);
        PartialRequest decoded = (PartialRequest) decode(new PartialRequest(2, 1, map).toBytes(0));
        assertTrue(decoded.wants(0) && decoded.wants(9) && decoded.wants(1023));
        assertEquals(3, java.util.stream.IntStream.range(0, 1024).filter(decoded::wants).count());
    }

    @Test
    void srcipIsWrittenInNetworkOrderAndEverythingElseLittleEndian() throws Exception {
        byte[] wire = new Request(3, 16, 32).toBytes(org.frisbeegw.wire.Ipv4.parse("10.211.0.2"));
        assertArrayEquals(new byte[] {10, (byte) 211, 0, 2}, Arrays.copyOfRange(wire, 12, 16));
        assertEquals(org.frisbeegw.wire.Ipv4.parse("10.211.0.2"), PacketHeader.read(ByteBuffer.wrap(wire)).srcIp());
        assertEquals(3, ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN).getInt(16));
    }

    @Test
    void blockIsRequestTypedAnd1048BytesLikeTheCServersBlocks() throws Exception {
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5A);
        byte[] wire = new Block(7, 1023, data).toBytes(0);
        assertEquals(1048, wire.length);
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(DataProtocol.TYPE_REQUEST, b.getInt(0));
        assertEquals(DataProtocol.BLOCK, b.getInt(4));
        assertEquals(1032, b.getInt(8));
        assertEquals(new Block(7, 1023, data), decode(wire));
    }

    @Test
    void everySubtypeRoundTrips() throws Exception {
        FrisbeePacket[] all = {new Join(42), new JoinReply(4097), new Join2(true, 42, 0, 1024, 1024, 5),
            new Leave(42, 9), new Leave2(42, 9, ClientStats.ofDownload(1500, 5, new ClientStats.Counters(64, 8, 1, 2, 3, 1, 4, 5))), new Request(0, 0, 1024)};
        for (FrisbeePacket p : all) {
            assertEquals(p, decode(p.toBytes(0)), p.toString());
        }
        Leave2 l = (Leave2) decode(new Leave2(1, 2, ClientStats.ofDownload(1500, 7, new ClientStats.Counters(64, 8, 0, 0, 0, 1, 1, 0))).toBytes(0));
        assertEquals(1, l.stats().version());
        assertEquals(1, l.stats().runSeconds());
        assertEquals(500, l.stats().runMillis());
        assertEquals(1036, new Leave2(1, 2, l.stats()).bodyLength());
    }

    @Test
    void malformedPacketsAreRejectedWithAReason() {
        assertEquals(Reason.TRUNCATED, reason(new byte[10]));
        byte[] shortBody = Arrays.copyOf(new Request(1, 2, 3).toBytes(0), 20);
        assertEquals(Reason.TRUNCATED, reason(shortBody), "datagram shorter than header + datalen");
        byte[] smallDatalen = new Request(1, 2, 3).toBytes(0);
        ByteBuffer.wrap(smallDatalen).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 8);
        assertEquals(Reason.TRUNCATED, reason(smallDatalen), "datalen below the body size");
        byte[] negative = new Request(1, 2, 3).toBytes(0);
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -5);
        assertEquals(Reason.TRUNCATED, reason(negative));
        byte[] badType = new Join(1).toBytes(0);
        ByteBuffer.wrap(badType).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 3);
        assertEquals(Reason.UNKNOWN_TYPE, reason(badType));
        byte[] badSubtype = new Join(1).toBytes(0);
        ByteBuffer.wrap(badSubtype).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 99);
        assertEquals(Reason.UNKNOWN_TYPE, reason(badSubtype));
    }

    @Test
    void chunkArithmeticHandlesShortTails() {
        assertEquals(0, DataProtocol.chunksFor(0));
        assertEquals(1, DataProtocol.chunksFor(1));
        assertEquals(1, DataProtocol.chunksFor(1 << 20));
        assertEquals(2, DataProtocol.chunksFor((1 << 20) + 1));
        assertEquals(1, DataProtocol.blocksInChunk(1, (1 << 20) + 1));
        assertEquals(1024, DataProtocol.blocksInChunk(0, (1 << 20) + 1));
        assertEquals(0, DataProtocol.blocksInChunk(2, (1 << 20) + 1));
    }

    private static Reason reason(byte[] b) {
        return assertThrows(MalformedMessageException.class, () -> decode(b)).reason();
    }
}
