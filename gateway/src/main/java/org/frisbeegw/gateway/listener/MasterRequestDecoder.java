package org.frisbeegw.gateway.listener;

import java.nio.ByteBuffer;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.frisbeegw.wire.HopTrailer;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.MasterMessage;
import org.frisbeegw.wire.MessageHeader;

/**
 * Frames one request per connection: waits for the 8-byte header, rejects a bad version or a
 * non-request type at once, then waits for exactly that type's length (so at most 287 bytes are
 * ever buffered). Bytes after the request are ignored, as the C server ignores them, except a
 * gateway's hop trailer when it came with the request.
 */
final class MasterRequestDecoder extends CumulativeProtocolDecoder {
    private static final AttributeKey DECODED = new AttributeKey(MasterRequestDecoder.class, "decoded");

    /** Whether this connection's request has been framed and handed on. */
    static boolean hasDecoded(IoSession session) {
        return session.containsAttribute(DECODED);
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        if (session.containsAttribute(DECODED)) {
            in.position(in.limit());
            return false;
        }
        if (in.remaining() < MessageHeader.LENGTH) {
            return false;
        }
        ByteBuffer view = in.buf().duplicate();
        MessageHeader header;
        try {
            header = MessageHeader.decode(view);
        } catch (MalformedMessageException e) {
            throw new ProtocolDecoderException(e.getMessage(), e);
        }
        if (!header.type().isRequest()) {
            throw new ProtocolDecoderException("message type " + header.type() + " is not a request");
        }
        int length = header.type().wireLength();
        if (in.remaining() < length) {
            return false;
        }
        byte[] message = new byte[length];
        in.get(message);
        try {
            out.write(new InboundRequest(MasterMessage.decode(ByteBuffer.wrap(message)), HopTrailer.decode(in.buf())));
        } catch (MalformedMessageException e) {
            throw new ProtocolDecoderException(e.getMessage(), e);
        }
        session.setAttribute(DECODED, Boolean.TRUE);
        in.position(in.limit());
        return false;
    }
}
