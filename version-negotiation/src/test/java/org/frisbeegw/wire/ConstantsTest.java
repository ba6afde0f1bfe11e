package org.frisbeegw.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConstantsTest {

    @Test
    void tenErrorCodesWithTheClientTexts() {
        String[] texts = {"no error", "server authentication error", "unknown host", "unknown image",
            "access not allowed", "not available via specified method", "invalid argument",
            "image busy, try again later", "upload too large for target image", "bad image modification time",
            "operation not implemented"};
        for (int code = 0; code <= 10; code++) {
            assertEquals(code, MsError.of(code).code());
            assertEquals(texts[code], MsError.describe(code));
        }
        assertEquals("unknown error", MsError.describe(11));
        assertNull(MsError.of(11));
    }

    @Test
    void methodBitsAndNames() {
        assertEquals(1, TransferMethods.UNICAST);
        assertEquals(2, TransferMethods.MULTICAST);
        assertEquals(4, TransferMethods.BROADCAST);
        assertEquals(7, TransferMethods.ANY);
        assertEquals(3, TransferMethods.parse("ucast,mcast"));
        assertEquals(7, TransferMethods.parse("any"));
        assertEquals("ucast,bcast", TransferMethods.format(5));
        assertThrows(IllegalArgumentException.class, () -> TransferMethods.parse("tcp"));
    }

    @Test
    void mtimeSignatureIsU32BigEndianInTheFirstFourBytes() {
        byte[] b = Signature.mtime(0xFEDC_BA98L).bytes();
        assertArrayEquals(new byte[] {(byte) 0xFE, (byte) 0xDC, (byte) 0xBA, (byte) 0x98}, java.util.Arrays.copyOf(b, 4));
        for (int i = 4; i < 256; i++) {
            assertEquals(0, b[i]);
        }
        assertEquals(0xFEDC_BA98L, Signature.mtime(0xFEDC_BA98L).mtimeSeconds());
        assertThrows(IllegalArgumentException.class, () -> Signature.mtime(1L << 32));
    }

    @Test
    void ipv4RoundTripsInNaturalOctetOrder() {
        int ip = Ipv4.parse("239.192.1.2");
        assertEquals(0xEFC00102, ip);
        assertEquals("239.192.1.2", Ipv4.format(ip));
        assertEquals(ip, Ipv4.toInt(Ipv4.toAddress(ip)));
        assertTrue(Ipv4.isMulticast(ip));
        assertFalse(Ipv4.isMulticast(Ipv4.parse("10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("1.2.3.256"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("example.org"));
    }

    @Test
    void hopTrailerRoundTripsAndIsAbsentByDefault() {
        byte[] t = HopTrailer.encode(3);
        assertArrayEquals(new byte[] {'F', 'G', 'W', 'H', 3}, t);
        assertEquals(3, HopTrailer.decode(java.nio.ByteBuffer.wrap(t)));
        assertEquals(0, HopTrailer.decode(java.nio.ByteBuffer.wrap(new byte[20])), "zero padding is no trailer");
        assertEquals(0, HopTrailer.decode(java.nio.ByteBuffer.wrap(new byte[] {'F', 'G'})));
        assertEquals(255, HopTrailer.decode(java.nio.ByteBuffer.wrap(HopTrailer.encode(255))));
        assertThrows(IllegalArgumentException.class, () -> HopTrailer.encode(256));
        assertTrue(272 + HopTrailer.LENGTH <= 292, "fits in what the C server reads and ignores");
    }
}
