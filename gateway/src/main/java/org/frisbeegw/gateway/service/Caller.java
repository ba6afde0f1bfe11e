package org.frisbeegw.gateway.service;

import java.net.InetAddress;
import org.frisbeegw.wire.Ipv4;

/** Who sent a request (TCP peer) and on which local address it arrived. */
public record Caller(InetAddress address, InetAddress localAddress) {
    public int ip() {
        return Ipv4.toInt(address);
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
