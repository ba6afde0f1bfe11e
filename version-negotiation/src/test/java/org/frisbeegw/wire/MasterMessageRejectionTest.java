package org.frisbeegw.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.frisbeegw.wire.MalformedMessageException.Reason;
import org.junit.jupiter.api.Test;

/** Malformed input is rejected with a typed reason, never an unchecked exception. */
class MasterMessageRejectionTest {

    private static Reason rejection(byte[] bytes) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MasterMessage.decode(ByteBuffer.wrap(bytes)));
        return e.reason();
    }

    private static byte[] getRequest() {
        return HexFixtures.load("get-request-fbsd73.hex");
    }

    @Test
    void headerShorterThanEightBytesIsTruncated() {
        assertEquals(Reason.TRUNCATED, rejection(new byte[] {'V', '0', '1', 0, 0, 0, 0}));
        assertEquals(Reason.TRUNCATED, rejection(new byte[0]));
    }

    @Test
    void bodyOneByteShortIsTruncated() {
        assertEquals(Reason.TRUNCATED, rejection(Arrays.copyOf(getRequest(), 271)));
        assertEquals(Reason.TRUNCATED, rejection(Arrays.copyOf(HexFixtures.load("put-request.hex"), 286)));
    }

    @Test
    void wrongVersionIsRefused() {
        byte[] v02 = getRequest();
        v02[2] = '2';
        assertEquals(Reason.BAD_VERSION, rejection(v02));
        byte[] noNul = getRequest();
        noNul[3] = 'X';
        assertEquals(Reason.BAD_VERSION, rejection(noNul));
    }

    @Test
    void unknownTypesAreRefused() {
        for (int type : new int[] {0, 5, -1, 0x7FFF_FFFF}) {
            byte[] b = getRequest();
            ByteBuffer.wrap(b).putInt(4, type);
            assertEquals(Reason.UNKNOWN_TYPE, rejection(b), "type " + type);
        }
    }

    @Test
    void idlenOver256IsRefused() {
        byte[] b = getRequest();
        ByteBuffer.wrap(b).putShort(8 + 6, (short) 300);
        assertEquals(Reason.BAD_FIELD, rejection(b));
    }

    @Test
    void decodingAsTheWrongRecordIsRefused() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> GetReply.decode(ByteBuffer.wrap(getRequest())));
        assertEquals(Reason.UNKNOWN_TYPE, e.reason());
    }

    @Test
    void idIsCutAtIdlenAndAtTheFirstNul() throws Exception {
        byte[] b = getRequest();
        ByteBuffer.wrap(b).putShort(8 + 6, (short) 10);
        assertEquals("emulab-ops", GetRequest.decode(ByteBuffer.wrap(b)).imageId());

        byte[] nul = getRequest();
        nul[8 + 8 + 6] = 0;
        assertEquals("emulab", GetRequest.decode(ByteBuffer.wrap(nul)).imageId());
    }

    @Test
    void encodersRefuseIdsTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new GetRequest(0, 1, false, "x".repeat(257)));
        assertThrows(IllegalArgumentException.class, () -> new GetRequest(0, 1, false, "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> new GetRequest(0, 1, false, "caf\u20ac"));
    }
}
