package org.frisbeegw.xmlrpc;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Who is calling: the socket peer and, over TLS, the user named by the verified client
 * certificate (first comma-separated part of its CN). Never taken from headers or arguments.
 */
public record Caller(InetAddress peer, Optional<String> certificateUser) {
}
