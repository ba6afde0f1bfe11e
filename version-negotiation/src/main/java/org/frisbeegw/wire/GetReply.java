package org.frisbeegw.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * GET reply (type 2, 288 bytes). Addresses are BE IPv4 as ints. {@code error} is kept as the
 * raw u16 so codes this version does not know still round-trip.
 */
public record GetReply(int method, boolean running, int error, int servAddr, int addr, int port,
                       Signature signature, long size) implements MasterMessage {

    public GetReply {
        if (method < 0 || method > 0xFF) {
            throw new IllegalArgumentException("method out of u8 range: " + method);
        }
        if (error < 0 || error > 0xFFFF || port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("error or port out of u16 range");
        }
        if (signature == null) {
            throw new IllegalArgumentException("signature must not be null (use Signature.NONE)");
        }
    }

    /** An error reply: every other field zero, as the C server sends on most error paths. */
    public static GetReply failure(MsError error) {
        return new GetReply(0, false, error.code(), 0, 0, 0, Signature.NONE, 0);
    }

    public boolean isError() {
        return error != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.GET_REPLY;
    }

    @Override
    public void encode(ByteBuffer target) {
        ByteBuffer out = target.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.encode(out, type());
        out.put((byte) method);
        out.put((byte) (running ? 1 : 0));
        out.putShort((short) error);
        out.putInt(servAddr);
        out.putInt(addr);
        out.putShort((short) port);
        out.putShort((short) signature.type());
        out.put(signature.bytes());
        WireFields.putSize(out, size);
    }

    public static GetReply decode(ByteBuffer source) throws MalformedMessageException {
        ByteBuffer in = source.order(ByteOrder.BIG_ENDIAN);
        MessageHeader.expect(in, MessageType.GET_REPLY);
        int method = WireFields.u8(in);
        boolean running = in.get() != 0;
        int error = WireFields.u16(in);
        int servAddr = in.getInt();
        int addr = in.getInt();
        int port = WireFields.u16(in);
        int sigType = WireFields.u16(in);
        byte[] sig = new byte[Signature.LENGTH];
        in.get(sig);
        long size = WireFields.size(in);
        return new GetReply(method, running, error, servAddr, addr, port, new Signature(sigType, sig), size);
    }
}
