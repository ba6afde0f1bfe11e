package org.frisbeegw.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** One V01 master-server message. Encoding always writes the exact on-wire length of its type. */
public sealed interface MasterMessage permits GetRequest, GetReply, PutRequest, PutReply {

    MessageType type();

    /** Writes header and body, big-endian, exactly {@code type().wireLength()} bytes. */
    void encode(ByteBuffer out);

    default byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(type().wireLength()).order(ByteOrder.BIG_ENDIAN);
        encode(out);
        return out.array();
    }

    /** Decodes whichever of the four messages the header announces. */
    static MasterMessage decode(ByteBuffer in) throws MalformedMessageException {
        ByteBuffer peek = in.duplicate().order(ByteOrder.BIG_ENDIAN);
        MessageHeader header = MessageHeader.decode(peek);
        return switch (header.type()) {
            case GET_REQUEST -> GetRequest.decode(in);
            case GET_REPLY -> GetReply.decode(in);
            case PUT_REQUEST -> PutRequest.decode(in);
            case PUT_REPLY -> PutReply.decode(in);
        };
    }
}
