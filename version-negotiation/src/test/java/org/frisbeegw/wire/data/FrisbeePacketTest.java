package org.frisbeegw.wire.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import org.frisbeegw.wire.HexFixtures;
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
    void join2IsLittleEndianWithA64BitByteCount() throws Exception {
        byte[] wire = HexFixtures.load("data-join2-request.hex");
        Join2 expected = new Join2(false, 0x12345678, 0, 1024, 1024, 0x1_0040_0001L);
        assertArrayEquals(wire, expected.toBytes());
        assertEquals(expected, decode(wire));
    }

    @Test
    void requestMatchesFixture() throws Exception {
        byte[] wire = HexFixtures.load("data-request.hex");
        assertArrayEquals(wire, new Request(3, 16, 32).toBytes());
        assertEquals(new Request(3, 16, 32), decode(wire));
    }

    @Test
    void partialRequestMapIsLeastSignificantBitFirst() throws Exception {
        byte[] wire = HexFixtures.load("data-prequest.hex");
        BitSet wanted = new BitSet();
        wanted.set(0);
        wanted.set(9);
        wanted.set(1023);
        PartialRequest p = new PartialRequest(2, 1, FrisbeePackets.blockMap(wanted));
        assertArrayEquals(wire, p.toBytes());
        PartialRequest decoded = (PartialRequest) decode(wire);
        assertTrue(decoded.wants(0) && decoded.wants(9) && decoded.wants(1023));
        assertEquals(3, java.util.stream.IntStream.range(0, 1024).filter(decoded::wants).count());
    }

    @Test
    void blockIsRequestTypedAnd1048BytesLikeTheCServersBlocks() throws Exception {
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5A);
        byte[] wire = new Block(7, 1023, data).toBytes();
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
            new Leave(42, 9), new Leave2(42, 9, new byte[] {1, 0, 0, 0, 5, 6}), new Request(0, 0, 1024)};
        for (FrisbeePacket p : all) {
            assertEquals(p, decode(p.toBytes()), p.toString());
        }
        assertEquals(1, ((Leave2) decode(new Leave2(1, 2, new byte[] {1, 0, 0, 0}).toBytes())).statsVersion());
    }

    @Test
    void malformedPacketsAreRejectedWithAReason() {
        assertEquals(Reason.TRUNCATED, reason(new byte[10]));
        byte[] shortBody = Arrays.copyOf(new Request(1, 2, 3).toBytes(), 20);
        assertEquals(Reason.TRUNCATED, reason(shortBody), "datagram shorter than header + datalen");
        byte[] smallDatalen = new Request(1, 2, 3).toBytes();
        ByteBuffer.wrap(smallDatalen).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 8);
        assertEquals(Reason.TRUNCATED, reason(smallDatalen), "datalen below the body size");
        byte[] negative = new Request(1, 2, 3).toBytes();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -5);
        assertEquals(Reason.TRUNCATED, reason(negative));
        byte[] badType = new Join(1).toBytes();
        ByteBuffer.wrap(badType).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 3);
        assertEquals(Reason.UNKNOWN_TYPE, reason(badType));
        byte[] badSubtype = new Join(1).toBytes();
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
