package org.frisbeegw.wire;

import java.nio.ByteBuffer;

/** The 8-byte header of every master-server message: 4 version bytes and a BE s32 type. */
public record MessageHeader(MasterVersion version, MessageType type) {
    public static final int LENGTH = 8;

    /**
     * Reads and validates a header. A wrong version or unknown type is rejected here so that a
     * listener can give up on a peer after 8 bytes instead of waiting for a body.
     */
    public static MessageHeader decode(ByteBuffer in) throws MalformedMessageException {
        MalformedMessageException.require(in, LENGTH, "message header");
        byte[] v = new byte[4];
        in.get(v);
        MasterVersion version = Dialects.masterVersion(v);
        MessageType type = MessageType.of(in.getInt());
        return new MessageHeader(version, type);
    }

    /** Decodes a header and checks it announces the expected type. */
    static void expect(ByteBuffer in, MessageType expected) throws MalformedMessageException {
        MessageHeader h = decode(in);
        if (h.type() != expected) {
            throw new MalformedMessageException(MalformedMessageException.Reason.UNKNOWN_TYPE,
                    "expected " + expected + " (" + expected.code() + "), got " + h.type() + " (" + h.type().code() + ")");
        }
        MalformedMessageException.require(in, expected.bodyLength(), expected + " body");
    }

    static void encode(ByteBuffer out, MessageType type) {
        out.put(MasterVersion.V01.bytes());
        out.putInt(type.code());
    }
}
