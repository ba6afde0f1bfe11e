package org.frisbeegw.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.service.Caller;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master service as the gateway's own bridges reach it: a direct call in this process, made
 * as the bridge address (a trusted proxy), so a mass reload through the tmcd bridge costs no TCP
 * connection and is not held to the per-source limits meant for other machines.
 */
final class OwnMaster {
    private static final Logger log = LoggerFactory.getLogger(OwnMaster.class);

    private OwnMaster() {
    }

    static MasterClient client(GatewayConfig config, ImageService service, int masterPort, RetryPolicy retry) {
        InetAddress self = config.bridgeAddress();
        Caller bridge = new Caller(self, self);
        return MasterClient.inProcess(new InetSocketAddress(self, masterPort), request -> answer(service, request, bridge),
                retry);
    }

    /** An unexpected failure of the service reaches the bridge as the client error a TCP failure would be. */
    private static GetReply answer(ImageService service, GetRequest request, Caller bridge) throws MasterClientException {
        try {
            return service.get(request, bridge).reply();
        } catch (RuntimeException e) {
            log.warn("in-process master request for {} failed", request.imageId(), e);
            throw new MasterClientException("master service failed: " + e, e);
        }
    }
}
