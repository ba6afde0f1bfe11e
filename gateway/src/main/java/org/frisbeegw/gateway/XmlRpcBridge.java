package org.frisbeegw.gateway;

import java.io.IOException;
import java.util.Optional;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.XmlRpcSettings;
import org.frisbeegw.gateway.emulab.DbElabAuthority;
import org.frisbeegw.gateway.emulab.EmulabDatabase;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.xmlrpc.ElabAuthority;
import org.frisbeegw.xmlrpc.FileElabAuthority;
import org.frisbeegw.xmlrpc.listener.XmlRpcShim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the elabinelab XML-RPC shim to the gateway's own master server. */
final class XmlRpcBridge {
    private static final Logger log = LoggerFactory.getLogger(XmlRpcBridge.class);

    private XmlRpcBridge() {
    }

    static XmlRpcShim start(GatewayConfig config, XmlRpcSettings settings, ImageService own, int masterPort,
                            Optional<EmulabDatabase> db) throws IOException {
        // TRYAGAIN is an error for the legacy caller, which has no timeout (spec A5): one try.
        MasterClient master = OwnMaster.client(config, own, masterPort, RetryPolicy.NONE);
        ElabAuthority authority = settings.authorityFile().isPresent()
                ? new FileElabAuthority(settings.authorityFile().get())
                : new DbElabAuthority(db.orElseThrow(() -> new IOException("XML-RPC shim: no authority source")));
        XmlRpcShim shim = XmlRpcShim.start(settings.listener(), authority, master);
        if (settings.listener().tls().isEmpty()) {
            log.warn("XML-RPC shim on {} speaks plain HTTP without client certificates (--xmlrpc-insecure-http)",
                    shim.localAddress());
        } else {
            log.info("XML-RPC shim on {} (HTTPS, client certificates required)", shim.localAddress());
        }
        return shim;
    }
}
