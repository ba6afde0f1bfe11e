package org.frisbeegw.gateway.auth;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.frisbeegw.gateway.images.ImageNames;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;

/**
 * The "null" configuration (master-server.md §7.2): any caller may GET any image under the image
 * roots and PUT under the upload root. Nobody may proxy, except the callers listed as proxies
 * (the gateway's own bridges, which ask on nodes' behalf). Every image allows ucast and mcast.
 */
public final class OpenAuthorizer implements Authorizer {
    private final ImageStore readable;
    private final Optional<ImageStore> writable;
    private final Duration serverTimeout;
    private final List<String> serverArgs;
    private final long maxUploadSize;
    private final Duration uploadTimeout;
    private final Set<InetAddress> proxies;

    public OpenAuthorizer(ImageStore readable, Optional<ImageStore> writable, Duration serverTimeout,
                          List<String> serverArgs, long maxUploadSize, Duration uploadTimeout, Set<InetAddress> proxies) {
        this.readable = readable;
        this.writable = writable;
        this.serverTimeout = serverTimeout;
        this.serverArgs = List.copyOf(serverArgs);
        this.maxUploadSize = maxUploadSize;
        this.uploadTimeout = uploadTimeout;
        this.proxies = Set.copyOf(proxies);
    }

    @Override
    public AuthDecision authorizeGet(int hostIp, InetAddress caller, String imageId) {
        return decide(hostIp, caller, imageId, readable);
    }

    @Override
    public AuthDecision authorizePut(int hostIp, InetAddress caller, String imageId) {
        if (writable.isEmpty()) {
            return new AuthDecision.Denied(MsError.NOACCESS, "uploads are disabled (no --put-dir)");
        }
        return decide(hostIp, caller, imageId, writable.get());
    }

    private AuthDecision decide(int hostIp, InetAddress caller, String imageId, ImageStore store) {
        if (hostIp != 0 && hostIp != Ipv4.toInt(caller) && !proxies.contains(caller)) {
            return new AuthDecision.Denied(MsError.FAILED, caller.getHostAddress() + " may not proxy (see --proxy-from)");
        }
        String problem = ImageNames.problem(imageId);
        if (problem != null) {
            return new AuthDecision.Denied(MsError.FAILED, "bad image id: " + problem);
        }
        Optional<Path> path = store.locate(imageId);
        if (path.isEmpty()) {
            return new AuthDecision.Denied(MsError.FAILED, "image id leads outside the image directories");
        }
        // Any method the image may go by; -x (clientMethods) decides which clients may ask for.
        return new AuthDecision.Allowed(new ImageRecord(imageId, path.get(), TransferMethods.ANY, serverTimeout, serverArgs, maxUploadSize, uploadTimeout));
    }

    /** Only names, rules and stat calls on the image roots: never waits on anything else. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
