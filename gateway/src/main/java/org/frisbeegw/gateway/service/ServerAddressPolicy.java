package org.frisbeegw.gateway.service;

import java.net.InetAddress;
import java.util.Optional;
import org.frisbeegw.wire.Ipv4;

/**
 * Which address an image server sends from (servaddr): the local address the request arrived on
 * (spec §3.2 step 11), except that a request to loopback uses the -i address when one is set, so
 * nodes are never told to listen for 127.0.0.1.
 */
public final class ServerAddressPolicy {
    private final Optional<InetAddress> bindAddress;

    public ServerAddressPolicy(Optional<InetAddress> bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int serverAddressFor(Caller caller) {
        InetAddress local = caller.localAddress();
        if (local.isLoopbackAddress() && bindAddress.isPresent() && !bindAddress.get().isAnyLocalAddress()) {
            return Ipv4.toInt(bindAddress.get());
        }
        return Ipv4.toInt(local);
    }
}
