package org.frisbeegw.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * PUT request (type 3, 287 bytes). {@code status} is kept as the raw byte: 0 starts an upload,
 * anything else is a status query (later servers give values >= 100 a meaning of their own).
 * {@code mtime} and {@code timeoutSeconds} are u32 (0 = leave as is / server maximum).
 */
public record PutRequest(int hostIp, int status, String imageId, long size, long mtime, long timeoutSeconds)
        implements MasterMessage {

    public PutRequest {
        if (status < 0 || status > 0xFF) {
            throw new IllegalArgumentException("status out of u8 range: " + status);
        }
        if (mtime < 0 || mtime > 0xFFFF_FFFFL || timeoutSeconds < 0 || timeoutSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("mtime or timeout out of u32 range");
        }
        WireFields.idBytes(imageId);
    }

    public boolean statusOnly() {
        return status != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.PUT_REQUEST;
    }

    @Override
    public void encode(ByteBuffer target) {
        ByteBuffer out = target.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.encode(out, type());
        out.putInt(hostIp);
        out.put((byte) status);
        WireFields.putIdLenAndId(out, WireFields.idBytes(imageId));
        WireFields.putSize(out, size);
        WireFields.putU32(out, mtime, "mtime");
        WireFields.putU32(out, timeoutSeconds, "timeout");
    }

    public static PutRequest decode(ByteBuffer source) throws MalformedMessageException {
        ByteBuffer in = source.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.expect(in, MessageType.PUT_REQUEST);
        int hostIp = in.getInt();
        int status = WireFields.u8(in);
        int idlen = WireFields.u16(in);
        String id = WireFields.imageId(in, idlen);
        long size = WireFields.size(in);
        long mtime = WireFields.u32(in);
        long timeout = WireFields.u32(in);
        return new PutRequest(hostIp, status, id, size, mtime, timeout);
    }
}
