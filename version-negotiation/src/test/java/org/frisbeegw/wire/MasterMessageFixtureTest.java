package org.frisbeegw.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Every V01 layout against hand-written byte fixtures from master-server.md §2. */
class MasterMessageFixtureTest {
    private static final long MTIME = 0x4EE5D580L;

    @Test
    void getRequestMatchesSpecExampleByteForByte() throws Exception {
        byte[] wire = HexFixtures.load("get-request-fbsd73.hex");
        GetRequest expected = new GetRequest(0, TransferMethods.MULTICAST, false, "emulab-ops/FBSD73-STD");

        assertEquals(272, wire.length);
        assertArrayEquals(wire, expected.toBytes());
        ByteBuffer in = ByteBuffer.wrap(wire);
        assertEquals(expected, GetRequest.decode(in));
        assertEquals(0, in.remaining(), "decode consumes exactly the on-wire length");
    }

    @Test
    void getReplyMatchesSpecExampleIncludingHiLoSizeAndMtime() throws Exception {
        byte[] wire = HexFixtures.load("get-reply-mcast.hex");
        GetReply expected = new GetReply(TransferMethods.MULTICAST, true, 0, Ipv4.parse("10.0.0.1"),
                Ipv4.parse("239.192.1.2"), 1283, Signature.mtime(MTIME), 0x1_0000_0005L);

        assertEquals(288, wire.length);
        assertArrayEquals(wire, expected.toBytes());
        GetReply decoded = GetReply.decode(ByteBuffer.wrap(wire));
        assertEquals(expected, decoded);
        assertEquals(MTIME, decoded.signature().mtimeSeconds());
        assertEquals(4_294_967_301L, decoded.size());
    }

    @Test
    void errorReplyIsAllZeroButTheCode() throws Exception {
        byte[] wire = HexFixtures.load("get-reply-tryagain.hex");
        assertEquals(288, wire.length);
        assertArrayEquals(wire, GetReply.failure(MsError.TRYAGAIN).toBytes());
        GetReply decoded = GetReply.decode(ByteBuffer.wrap(wire));
        assertTrue(decoded.isError());
        assertEquals(MsError.TRYAGAIN, MsError.of(decoded.error()));
    }

    @Test
    void putRequestMatchesFixtureWithUnalignedIdlen() throws Exception {
        byte[] wire = HexFixtures.load("put-request.hex");
        PutRequest expected = new PutRequest(Ipv4.parse("10.1.0.1"), 0, "testbed/new.ndz",
                10_000_000_000L, MTIME, 900);

        assertEquals(287, wire.length);
        assertArrayEquals(wire, expected.toBytes());
        PutRequest decoded = PutRequest.decode(ByteBuffer.wrap(wire));
        assertEquals(expected, decoded);
        assertFalse(decoded.statusOnly());
    }

    @Test
    void putReplyMatchesFixture() throws Exception {
        byte[] wire = HexFixtures.load("put-reply.hex");
        PutReply expected = new PutReply(0, Ipv4.parse("10.0.0.1"), 1283, true, Signature.mtime(MTIME),
                5, 10_000_000_000L);

        assertEquals(291, wire.length);
        assertArrayEquals(wire, expected.toBytes());
        assertEquals(expected, PutReply.decode(ByteBuffer.wrap(wire)));
    }

    @Test
    void genericDecodeDispatchesOnTheHeaderType() throws Exception {
        assertInstanceOf(GetRequest.class, MasterMessage.decode(ByteBuffer.wrap(HexFixtures.load("get-request-fbsd73.hex"))));
        assertInstanceOf(GetReply.class, MasterMessage.decode(ByteBuffer.wrap(HexFixtures.load("get-reply-mcast.hex"))));
        assertInstanceOf(PutRequest.class, MasterMessage.decode(ByteBuffer.wrap(HexFixtures.load("put-request.hex"))));
        assertInstanceOf(PutReply.class, MasterMessage.decode(ByteBuffer.wrap(HexFixtures.load("put-reply.hex"))));
    }

    @Test
    void wireLengthsAreThoseOfTheSpec() {
        assertEquals(272, MessageType.GET_REQUEST.wireLength());
        assertEquals(288, MessageType.GET_REPLY.wireLength());
        assertEquals(287, MessageType.PUT_REQUEST.wireLength());
        assertEquals(291, MessageType.PUT_REPLY.wireLength());
    }
}
