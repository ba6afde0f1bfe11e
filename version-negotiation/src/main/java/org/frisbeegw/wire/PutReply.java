package org.frisbeegw.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** PUT reply (type 4, 291 bytes): where the uploader listens, and what exists already. */
public record PutReply(int error, int addr, int port, boolean exists, Signature signature, long size, long maxSize)
        implements MasterMessage {

    public PutReply {
        if (error < 0 || error > 0xFFFF || port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("error or port out of u16 range");
        }
        if (signature == null) {
            throw new IllegalArgumentException("signature must not be null (use Signature.NONE)");
        }
    }

    public static PutReply failure(MsError error) {
        return new PutReply(error.code(), 0, 0, false, Signature.NONE, 0, 0);
    }

    public boolean isError() {
        return error != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.PUT_REPLY;
    }

    @Override
    public void encode(ByteBuffer target) {
        ByteBuffer out = target.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.encode(out, type());
        out.putShort((short) error);
        out.putInt(addr);
        out.putShort((short) port);
        out.put((byte) (exists ? 1 : 0));
        out.putShort((short) signature.type());
        out.put(signature.bytes());
        WireFields.putSize(out, size);
        WireFields.putSize(out, maxSize);
    }

    public static PutReply decode(ByteBuffer source) throws MalformedMessageException {
        ByteBuffer in = source.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.expect(in, MessageType.PUT_REPLY);
        int error = WireFields.u16(in);
        int addr = in.getInt();
        int port = WireFields.u16(in);
        boolean exists = in.get() != 0;
        int sigType = WireFields.u16(in);
        byte[] sig = new byte[Signature.LENGTH];
        in.get(sig);
        long size = WireFields.size(in);
        long maxSize = WireFields.size(in);
        return new PutReply(error, addr, port, exists, new Signature(sigType, sig), size, maxSize);
    }
}
