package org.frisbeegw.gateway.listener;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/** The V01 master-server codec; decoders are per session because they keep framing state. */
final class MasterCodecFactory implements ProtocolCodecFactory {
    private final MasterReplyEncoder encoder = new MasterReplyEncoder();

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return new MasterRequestDecoder();
    }
}
