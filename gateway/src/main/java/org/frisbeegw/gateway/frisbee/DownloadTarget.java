package org.frisbeegw.gateway.frisbee;

import java.net.InetAddress;

/**
 * Where a download comes from, as a master-server reply gives it: {@code server} (servaddr, the
 * only source whose BLOCKs are accepted), {@code address} (the group, or the server for unicast)
 * and {@code port}; {@code local} is the address this client receives on (frisbee's interface).
 */
public record DownloadTarget(InetAddress server, InetAddress address, int port, InetAddress local) {
    public boolean multicast() {
        return address.isMulticastAddress();
    }
}
