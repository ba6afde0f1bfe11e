package org.frisbeegw.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.service.Caller;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;

/**
 * The master service as the gateway's own bridges reach it: a direct call in this process, made
 * as the bridge address (a trusted proxy), so a mass reload through the tmcd bridge costs no TCP
 * connection and is not held to the per-source limits meant for other machines.
 */
final class OwnMaster {
    private OwnMaster() {
    }

    static MasterClient client(GatewayConfig config, ImageService service, int masterPort, RetryPolicy retry) {
        InetAddress self = config.bridgeAddress();
        Caller bridge = new Caller(self, self);
        return MasterClient.inProcess(new InetSocketAddress(self, masterPort), request -> service.get(request, bridge).reply(),
                retry);
    }
}
