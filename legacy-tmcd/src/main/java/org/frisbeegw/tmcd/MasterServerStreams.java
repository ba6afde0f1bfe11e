package org.frisbeegw.tmcd;

import java.net.InetAddress;
import java.util.Optional;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compat path as frisbeehelper does it: a multicast proxy GET to the master server on the
 * node's behalf (legacy-tmcd.md §3.3). TRYAGAIN is retried only if the client's policy says so
 * (off by default, like the original, §6.2).
 */
public final class MasterServerStreams implements StreamSource {
    private static final Logger log = LoggerFactory.getLogger(MasterServerStreams.class);

    private final MasterClient master;

    public MasterServerStreams(MasterClient master) {
        this.master = master;
    }

    @Override
    public Optional<Stream> start(InetAddress node, String imageId) {
        try {
            GetReply r = master.proxyGet(Ipv4.toInt(node), imageId, TransferMethods.MULTICAST);
            if (r.isError() || !r.running() || r.addr() == 0 || r.port() == 0) {
                log.info("no stream of {} for {}: {}", imageId, node.getHostAddress(),
                        r.isError() ? MsError.describe(r.error()) : "not running");
                return Optional.empty();
            }
            return Optional.of(new Stream(Ipv4.format(r.addr()), r.port(), Ipv4.format(r.servAddr())));
        } catch (MasterClientException e) {
            log.warn("master server unreachable for {} ({}): {}", imageId, node.getHostAddress(), e.getMessage());
            return Optional.empty();
        }
    }
}
