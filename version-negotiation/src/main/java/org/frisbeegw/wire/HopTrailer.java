package org.frisbeegw.wire;

import java.nio.ByteBuffer;

/**
 * A gateway-to-gateway extension riding after a V01 GET request: 4 bytes "FGWH" and one byte
 * counting the master servers the request has already passed. The C server reads up to 292
 * bytes and ignores what follows the 272-byte request (master-server.md §1.2), so C peers never
 * see it; our gateways use it to stop a parent chain that loops or grows too long. Absent or
 * unreadable means 0 hops (a request straight from a client).
 */
public final class HopTrailer {
    public static final int LENGTH = 5;
    private static final byte[] MAGIC = {'F', 'G', 'W', 'H'};

    private HopTrailer() {
    }

    public static byte[] encode(int hops) {
        if (hops < 0 || hops > 255) {
            throw new IllegalArgumentException("hops out of u8 range: " + hops);
        }
        return new byte[] {MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3], (byte) hops};
    }

    /** The hop count in the bytes after a request, or 0 when there is no trailer. */
    public static int decode(ByteBuffer after) {
        if (after.remaining() < LENGTH) {
            return 0;
        }
        int p = after.position();
        for (int i = 0; i < MAGIC.length; i++) {
            if (after.get(p + i) != MAGIC[i]) {
                return 0;
            }
        }
        return after.get(p + MAGIC.length) & 0xFF;
    }
}
