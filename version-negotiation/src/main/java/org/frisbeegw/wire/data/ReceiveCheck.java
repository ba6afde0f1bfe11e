package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import org.frisbeegw.wire.MalformedMessageException;

/**
 * The checks C {@code PacketReceive} makes on every datagram before looking at it (§4), in its
 * order: the datagram holds header + datalen bytes, {@code srcip} equals the IP source, and the
 * UDP source port is the data port. Both roles apply them, so a peer that would be dropped by a C
 * frisbee or frisbeed is dropped by ours too.
 */
public final class ReceiveCheck {
    /** Why a datagram was dropped, or {@link #OK}. */
    public enum Verdict {
        OK, BAD_LENGTH, BAD_SOURCE, BAD_PORT
    }

    private ReceiveCheck() {
    }

    public static Verdict check(ByteBuffer datagram, int fromIp, int fromPort, int dataPort) {
        PacketHeader h;
        try {
            h = PacketHeader.read(datagram);
        } catch (MalformedMessageException e) {
            return Verdict.BAD_LENGTH;
        }
        if (h.datalen() < 0 || datagram.remaining() < DataProtocol.HEADER_LENGTH + (long) h.datalen()) {
            return Verdict.BAD_LENGTH;
        }
        if (h.srcIp() != fromIp) {
            return Verdict.BAD_SOURCE;
        }
        return fromPort == dataPort ? Verdict.OK : Verdict.BAD_PORT;
    }
}
