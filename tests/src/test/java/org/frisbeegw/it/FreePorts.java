package org.frisbeegw.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port free on 127.0.0.1 right now, for a gateway that must be told its port before it starts. */
final class FreePorts {
    private FreePorts() {
    }

    static int tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
