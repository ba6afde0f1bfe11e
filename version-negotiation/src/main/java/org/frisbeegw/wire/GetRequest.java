package org.frisbeegw.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * GET request (type 1, 272 bytes). {@code hostIp} is the BE IPv4 as an int (0 = the caller
 * itself); {@code statusOnly} is the "getstatus" flag that never starts a server.
 */
public record GetRequest(int hostIp, int methods, boolean statusOnly, String imageId) implements MasterMessage {

    public GetRequest {
        if (methods < 0 || methods > 0xFF) {
            throw new IllegalArgumentException("methods out of u8 range: " + methods);
        }
        WireFields.idBytes(imageId);
    }

    @Override
    public MessageType type() {
        return MessageType.GET_REQUEST;
    }

    @Override
    public void encode(ByteBuffer target) {
        ByteBuffer out = target.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.encode(out, type());
        out.putInt(hostIp);
        out.put((byte) methods);
        out.put((byte) (statusOnly ? 1 : 0));
        WireFields.putIdLenAndId(out, WireFields.idBytes(imageId));
    }

    public static GetRequest decode(ByteBuffer source) throws MalformedMessageException {
        ByteBuffer in = source.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.expect(in, MessageType.GET_REQUEST);
        int hostIp = in.getInt();
        int methods = WireFields.u8(in);
        boolean status = in.get() != 0;
        int idlen = WireFields.u16(in);
        String id = WireFields.imageId(in, idlen);
        return new GetRequest(hostIp, methods, status, id);
    }
}
