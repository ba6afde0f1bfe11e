package org.frisbeegw.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Field helpers shared by the master-server layouts: all big-endian, packed. */
final class WireFields {
    static final int ID_FIELD_LENGTH = 256;

    private WireFields() {
    }

    static int u8(ByteBuffer in) {
        return in.get() & 0xFF;
    }

    static int u16(ByteBuffer in) {
        return in.getShort() & 0xFFFF;
    }

    static long u32(ByteBuffer in) {
        return in.getInt() & 0xFFFF_FFFFL;
    }

    /** Joins the BE hi/lo u32 halves of a 64-bit size. */
    static long size(ByteBuffer in) {
        long hi = u32(in);
        long lo = u32(in);
        return (hi << 32) | lo;
    }

    static void putSize(ByteBuffer out, long size) {
        out.putInt((int) (size >>> 32));
        out.putInt((int) size);
    }

    static void putU32(ByteBuffer out, long value, String field) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " out of u32 range: " + value);
        }
        out.putInt((int) value);
    }

    /**
     * Reads idlen and the 256-byte id field. The id is the first idlen bytes, cut at the first
     * NUL as the C server's string handling does; bytes map 1:1 to chars (ISO-8859-1).
     */
    static String imageId(ByteBuffer in, int idlen) throws MalformedMessageException {
        if (idlen > ID_FIELD_LENGTH) {
            throw new MalformedMessageException(MalformedMessageException.Reason.BAD_FIELD,
                    "idlen " + idlen + " exceeds " + ID_FIELD_LENGTH);
        }
        byte[] field = new byte[ID_FIELD_LENGTH];
        in.get(field);
        int end = 0;
        while (end < idlen && field[end] != 0) {
            end++;
        }
        return new String(field, 0, end, StandardCharsets.ISO_8859_1);
    }

    static byte[] idBytes(String imageId) {
        byte[] b = imageId.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length > ID_FIELD_LENGTH) {
            throw new IllegalArgumentException("image id longer than " + ID_FIELD_LENGTH + " bytes");
        }
        if (!new String(b, StandardCharsets.ISO_8859_1).equals(imageId) || imageId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("image id must be NUL-free ISO-8859-1 text");
        }
        return b;
    }

    /** Writes idlen (u16 BE) then the id zero-filled to 256 bytes. */
    static void putIdLenAndId(ByteBuffer out, byte[] id) {
        out.putShort((short) id.length);
        out.put(id);
        out.put(new byte[ID_FIELD_LENGTH - id.length]);
    }
}
