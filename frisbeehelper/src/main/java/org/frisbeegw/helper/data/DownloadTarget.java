package org.frisbeegw.helper.data;

import java.net.InetAddress;

/**
 * Where a download comes from, as a master-server reply gives it: {@code server} (servaddr, the
 * only source whose BLOCKs are accepted), {@code address} (the group, the broadcast address, or
 * the server for unicast) and {@code port}; {@code local} is this client's own address: the
 * packets' IP source and srcip, so it must be an address of this host the server can reach.
 */
public record DownloadTarget(InetAddress server, InetAddress address, int port, InetAddress local) {
    public boolean multicast() {
        return address.isMulticastAddress();
    }

    /** Broadcast streams (method 4) are sent to 255.255.255.255. */
    public boolean broadcast() {
        return DataSockets.isLimitedBroadcast(address);
    }
}
