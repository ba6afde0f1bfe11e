package org.frisbeegw.tmcd;

import java.net.InetAddress;
import java.util.Optional;

/** Gets an old MFS a multicast stream for an image: the compat path of loadinfo (VERSION ≤ 32). */
public interface StreamSource {
    /** The address/port a node should receive on and the server that sends it. */
    record Stream(String address, int port, String serverAddress) {
    }

    /** Empty when no stream could be had (the reply then says NEWER-MFS-NEEDED). */
    Optional<Stream> start(InetAddress node, String imageId);
}
