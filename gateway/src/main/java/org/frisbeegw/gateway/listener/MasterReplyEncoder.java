package org.frisbeegw.gateway.listener;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.frisbeegw.wire.MasterMessage;

/** Writes a reply record as its exact on-wire bytes. */
final class MasterReplyEncoder extends ProtocolEncoderAdapter {
    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
        out.write(IoBuffer.wrap(((MasterMessage) message).toBytes()));
    }
}
