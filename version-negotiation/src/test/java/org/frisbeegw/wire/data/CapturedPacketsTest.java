package org.frisbeegw.wire.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.data.FrisbeePacket.Block;
import org.frisbeegw.wire.data.FrisbeePacket.Join;
import org.frisbeegw.wire.data.FrisbeePacket.Join2;
import org.frisbeegw.wire.data.FrisbeePacket.JoinReply;
import org.frisbeegw.wire.data.FrisbeePacket.Leave2;
import org.frisbeegw.wire.data.FrisbeePacket.PartialRequest;
import org.frisbeegw.wire.data.FrisbeePacket.Request;
import org.frisbeegw.wire.data.ReceiveCheck.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Golden tests against the packets captured from the real C programs: every capture decodes to
 * the fields its comment states, and our encoder, given the same fields and the sender's address,
 * produces the captured bytes (for a truncated BLOCK, the bytes shown).
 */
class CapturedPacketsTest {
    private static final int SERVER = Ipv4.parse("10.211.0.1");
    private static final int CLIENT2 = Ipv4.parse("10.211.0.2");
    private static final int CLIENT3 = Ipv4.parse("10.211.0.3");

    private static Capture cap(String name) {
        return Capture.load(name);
    }

    private static FrisbeePacket decode(Capture c) throws Exception {
        return FrisbeePackets.decode(ByteBuffer.wrap(c.payload()));
    }

    private static PacketHeader header(Capture c) throws Exception {
        return PacketHeader.read(ByteBuffer.wrap(c.payload()));
    }

    private static int srcOf(Capture c) {
        return Ipv4.toInt(c.src().getAddress());
    }

    /** Our encoding of {@code p} sent from the capture's source equals the captured bytes. */
    private static void assertEncodesAs(Capture c, FrisbeePacket p) {
        byte[] ours = p.toBytes(srcOf(c));
        assertEquals(c.wireLength(), ours.length, c.name() + ": datagram length");
        assertArrayEquals(c.payload(), Arrays.copyOf(ours, c.payload().length), c.name());
    }

    private static byte[] fileBlock(long offset, int realBytes) {
        byte[] data = new byte[DataProtocol.BLOCK_SIZE];
        for (int i = 0; i < realBytes; i++) {
            data[i] = Capture.fileByte(offset + i);
        }
        return data;
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("org.frisbeegw.wire.data.Capture#ALL")
    void everyCapturePassesTheCReceiveChecksExceptTheRejectedOne(String name) throws Exception {
        Capture c = cap(name);
        PacketHeader h = header(c);
        assertEquals(c.src().getPort(), c.dst().getPort(), "C sends from the data port to the data port");
        Verdict v = c.truncated() ? Verdict.BAD_LENGTH
                : ReceiveCheck.check(ByteBuffer.wrap(c.payload()), srcOf(c), c.src().getPort(), c.dst().getPort());
        if (name.equals("bad-srcip-join2")) {
            assertEquals(Verdict.BAD_SOURCE, v, "srcip 127.0.0.1 from 10.211.0.2 is dropped");
            assertEquals(Ipv4.parse("127.0.0.1"), h.srcIp());
        } else if (!c.truncated()) {
            assertEquals(Verdict.OK, v);
            assertEquals(srcOf(c), h.srcIp(), "srcip is the sender's own address, network order");
        }
        assertEquals(c.wireLength(), DataProtocol.HEADER_LENGTH + h.datalen(), "exact datalen");
        boolean joinReply = name.contains("reply");
        assertEquals(joinReply ? DataProtocol.TYPE_REPLY : DataProtocol.TYPE_REQUEST, h.type(),
                "type 2 only on JOIN/JOIN2 replies");
    }

    @Test
    void unicastJoin2RequestCarriesGarbageSizesThatTheServerMustIgnore() throws Exception {
        Capture c = cap("uc-join2-request");
        Join2 j = (Join2) decode(c);
        assertEquals(new Join2(false, 2120052396, 32591, 1024, 1024, 139977822500472L), j);
        assertEquals(CLIENT2, header(c).srcIp());
        assertEncodesAs(c, j);
    }

    @Test
    void join2ReplyEchoesTheIdWithExactByteCountAnd1024Sizes() throws Exception {
        Capture uc = cap("uc-join2-reply");
        assertEquals(new Join2(true, 2120052396, 0, 1024, 1024, 3000), decode(uc));
        assertEncodesAs(uc, new Join2(true, 2120052396, 0, 1024, 1024, 3000));
        Capture mc = cap("mc-join2-reply");
        assertEquals(new Join2(true, 896119845, 0, 1024, 1024, 1049576), decode(mc));
        assertEncodesAs(mc, new Join2(true, 896119845, 0, 1024, 1024, 1049576));
        assertEquals(SERVER, header(mc).srcIp());
        assertEquals("10.211.0.2", mc.dst().getAddress().getHostAddress(), "join replies are unicast, even in multicast");
    }

    @Test
    void multicastJoin2RequestGoesToTheGroup() throws Exception {
        Capture c = cap("mc-join2-request");
        assertEquals(new Join2(false, 896119845, 32753, 1024, 1024, 140674014500472L), decode(c));
        assertTrue(c.dst().getAddress().isMulticastAddress());
        assertEncodesAs(c, decode(c));
    }

    @Test
    void joinV1RequestAndItsBlockCountReply() throws Exception {
        Capture req = cap("join-v1-request");
        assertEquals(new Join(412310413), decode(req));
        assertEncodesAs(req, new Join(412310413));
        Capture rep = cap("join-v1-reply");
        assertEquals(new JoinReply(2048), decode(rep));
        assertEncodesAs(rep, new JoinReply(2048));
        assertTrue(new FileGeometry(2L << 20).joinV1Allowed());
        assertFalse(new FileGeometry(3000).joinV1Allowed(), "JOIN v1 is answered only for whole-MiB files");
    }

    @Test
    void requestsCountOnlyTheBlocksOfShortChunks() throws Exception {
        assertEquals(new Request(0, 0, 3), decode(cap("uc-request-short-chunk")));
        assertEncodesAs(cap("uc-request-short-chunk"), new Request(0, 0, 3));
        assertEquals(new Request(0, 0, 1024), decode(cap("uc1m-request-full-chunk")));
        assertEncodesAs(cap("uc1m-request-full-chunk"), new Request(0, 0, 1024));
        assertEquals(new Request(1, 0, 1), decode(cap("uc1m-request-last-chunk")));
        assertEncodesAs(cap("uc1m-request-last-chunk"), new Request(1, 0, 1));
        assertEquals(new Request(0, 0, 1024), decode(cap("mc-request")));
        assertEncodesAs(cap("mc-request"), new Request(0, 0, 1024));
        FileGeometry f3000 = new FileGeometry(3000);
        assertEquals(FileGeometry.Verdict.OK, f3000.check(new Request(0, 0, 3)));
        assertEquals(FileGeometry.Verdict.OK, new FileGeometry(1049576).check(new Request(1, 0, 1)));
    }

    @Test
    void blocksAreRequestTypedAndTheShortLastBlockIsZeroPadded() throws Exception {
        assertEncodesAs(cap("uc-block-first"), new Block(0, 0, fileBlock(0, 1024)));
        assertEncodesAs(cap("mc-block"), new Block(0, 0, fileBlock(0, 1024)));
        Capture last = cap("uc-block-last-short");
        Block b = (Block) decode(last);
        assertEquals(0, b.chunk());
        assertEquals(2, b.block());
        assertArrayEquals(fileBlock(2048, 952), b.data(), "952 file bytes, then 72 zeros");
        assertEncodesAs(last, new Block(0, 2, fileBlock(2048, 952)));
        Capture last1m = cap("uc1m-block-last-short");
        assertEquals(new Block(1, 0, fileBlock(1 << 20, 1000)), decode(last1m));
        assertEncodesAs(last1m, new Block(1, 0, fileBlock(1 << 20, 1000)));
    }

    @Test
    void partialRequestMapIsLeastSignificantBitFirst() throws Exception {
        Capture c = cap("mc-prequest");
        PartialRequest p = (PartialRequest) decode(c);
        assertEquals(0, p.chunk());
        assertEquals(0, p.retries());
        BitSet wanted = new BitSet();
        for (int b = 0; b < DataProtocol.CHUNK_BLOCKS; b++) {
            if (p.wants(b)) {
                wanted.set(b);
            }
        }
        assertEquals(293, wanted.cardinality());
        assertEquals(0, wanted.nextSetBit(0));
        assertEquals(292, wanted.length() - 1);
        assertEquals(CLIENT3, header(c).srcIp());
        assertEncodesAs(c, new PartialRequest(0, 0, FrisbeePackets.blockMap(wanted)));
    }

    @Test
    void leave2CarriesVersion1StatsIn1036Bytes() throws Exception {
        Capture c = cap("uc-leave2");
        Leave2 l = (Leave2) decode(c);
        assertEquals(2120052396, l.clientId());
        assertEquals(0, l.elapsedSeconds());
        ClientStats s = l.stats();
        assertEquals(1, s.version());
        assertEquals(35, s.runMillis());
        assertEquals(3000, s.bytesWritten());
        assertEquals(3000, s.imageBytesWritten());
        assertEquals(64, s.chunkBuffers());
        assertEquals(8, s.maxInProgress());
        assertEquals(30000, s.packetTimeout());
        assertEquals(1000000, s.redoDelay());
        assertEquals(1, s.joinAttempts());
        assertEquals(1, s.requests());
        assertEquals(64, s.writeBufferMemory());
        assertEquals(0, s.reRequests());
        assertEquals(1036, header(c).datalen());
        assertEncodesAs(c, l);
    }

    @Test
    void shortLeave2IsABadPacketAsInC() {
        byte[] shortLeave = Arrays.copyOf(cap("uc-leave2").payload(), 16 + 8 + 40);
        ByteBuffer.wrap(shortLeave).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 48);
        assertInstanceOf(org.frisbeegw.wire.MalformedMessageException.class,
                org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> FrisbeePackets.decode(ByteBuffer.wrap(shortLeave))));
    }

    @Test
    void copiesInTheRepositoryMatchTheSharedCaptures() throws Exception {
        Path shared = Path.of("..", "..", "shared", "spec", "captures");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared), "no ../shared beside the checkout");
        for (String name : Capture.ALL) {
            byte[] ours;
            try (var in = Capture.class.getResourceAsStream("/captures/" + name + ".hex")) {
                ours = in.readAllBytes();
            }
            assertArrayEquals(Files.readAllBytes(shared.resolve(name + ".hex")), ours, name + " drifted from shared/");
        }
    }
}
