package org.frisbeegw.wire;

import java.util.Arrays;

/**
 * The 256-byte image signature of GET and PUT replies. Only MTIME is ever produced: a u32 BE
 * number of seconds in the first four bytes, the rest zero.
 */
public final class Signature {
    public static final int LENGTH = 256;
    public static final int TYPE_NONE = 0;
    public static final int TYPE_MTIME = 1;
    public static final int TYPE_MD5 = 2;
    public static final int TYPE_SHA1 = 3;

    public static final Signature NONE = new Signature(TYPE_NONE, new byte[LENGTH]);

    private final int type;
    private final byte[] bytes;

    public Signature(int type, byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("signature must be " + LENGTH + " bytes, got " + bytes.length);
        }
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("signature type out of u16 range: " + type);
        }
        this.type = type;
        this.bytes = bytes.clone();
    }

    /** An MTIME signature; the seconds are carried as an unsigned 32-bit number. */
    public static Signature mtime(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("mtime out of u32 range: " + epochSeconds);
        }
        byte[] b = new byte[LENGTH];
        b[0] = (byte) (epochSeconds >>> 24);
        b[1] = (byte) (epochSeconds >>> 16);
        b[2] = (byte) (epochSeconds >>> 8);
        b[3] = (byte) epochSeconds;
        return new Signature(TYPE_MTIME, b);
    }

    public int type() {
        return type;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The MTIME seconds (unsigned 32 bits); meaningful when {@link #type()} is MTIME. */
    public long mtimeSeconds() {
        return ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16) | ((bytes[2] & 0xFFL) << 8) | (bytes[3] & 0xFFL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && s.type == type && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return type == TYPE_MTIME ? "MTIME(" + mtimeSeconds() + ")" : "Signature(type=" + type + ")";
    }
}
