package org.frisbeegw.helper.data;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.Collections;

/** Finds the interface to join multicast groups on for a local address. */
public final class NetworkInterfaces {
    private NetworkInterfaces() {
    }

    /**
     * The interface holding {@code address}, or else the one whose subnet contains it (so any
     * 127.x.y.z finds the loopback interface, as the kernel routes it there).
     */
    public static NetworkInterface forAddress(InetAddress address) throws IOException {
        NetworkInterface exact = NetworkInterface.getByInetAddress(address);
        if (exact != null) {
            return exact;
        }
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                if (sameSubnet(ia.getAddress(), address, ia.getNetworkPrefixLength())) {
                    return nif;
                }
            }
        }
        throw new IOException("no network interface for local address " + address.getHostAddress());
    }

    /** The local address the kernel would send from toward {@code peer} (no packet is sent). */
    public static InetAddress localAddressToward(InetAddress peer) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(
                StandardProtocolFamily.INET)) {
            probe.connect(new InetSocketAddress(peer, 9));
            return ((InetSocketAddress) probe.getLocalAddress()).getAddress();
        }
    }

    private static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
