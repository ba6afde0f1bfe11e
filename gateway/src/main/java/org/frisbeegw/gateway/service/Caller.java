package org.frisbeegw.gateway.service;

import java.net.InetAddress;
import org.frisbeegw.wire.Ipv4;

/**
 * Who sent a request (TCP peer), on which local address it arrived, and how many master servers
 * it has passed already (0 from a client; gateways asking their parent say so in a trailer).
 */
public record Caller(InetAddress address, InetAddress localAddress, int hops) {
    public Caller(InetAddress address, InetAddress localAddress) {
        this(address, localAddress, 0);
    }

    public int ip() {
        return Ipv4.toInt(address);
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
