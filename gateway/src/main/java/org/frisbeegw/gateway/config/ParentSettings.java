package org.frisbeegw.gateway.config;

import java.net.InetSocketAddress;

/**
 * The parent master server (-S, -P) and how to use it (master-server.md §5.1): ask as the client
 * (-A), strict mirror (-M), redirect clients to the parent's stream while fetching (-R), methods
 * toward the parent (-X), and the longest chain of gateways a request may pass (--hop-limit).
 */
public record ParentSettings(InetSocketAddress parent, boolean actAsClient, boolean mirror, boolean redirect,
                             int methods, int hopLimit) {
}
