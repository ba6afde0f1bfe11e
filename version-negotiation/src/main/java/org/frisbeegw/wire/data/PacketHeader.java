package org.frisbeegw.wire.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.MalformedMessageException.Reason;

/**
 * The 16-byte header of every data packet (frisbee-data-protocol.md §3): type, subtype and datalen
 * little-endian; {@code srcIp} is the sender's own IPv4 address in network order, set by the sender
 * and compared by the receiver with the datagram's IP source (§4).
 */
public record PacketHeader(int type, int subtype, int datalen, int srcIp) {

    /** Reads the header at the buffer's position without moving it. */
    public static PacketHeader read(ByteBuffer datagram) throws MalformedMessageException {
        if (datagram.remaining() < DataProtocol.HEADER_LENGTH) {
            throw new MalformedMessageException(Reason.TRUNCATED,
                    "packet of " + datagram.remaining() + " bytes has no header");
        }
        ByteBuffer in = datagram.slice().order(ByteOrder.LITTLE_ENDIAN);
        int type = in.getInt(0);
        int subtype = in.getInt(4);
        int datalen = in.getInt(8);
        int srcIp = in.order(ByteOrder.BIG_ENDIAN).getInt(12);
        return new PacketHeader(type, subtype, datalen, srcIp);
    }

    /** Writes type, subtype, datalen (LE) and srcip (network order) at the buffer's position. */
    static void write(ByteBuffer out, int type, int subtype, int datalen, int srcIp) {
        out.order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(subtype).putInt(datalen);
        out.order(ByteOrder.BIG_ENDIAN).putInt(srcIp);
        out.order(ByteOrder.LITTLE_ENDIAN);
    }
}
