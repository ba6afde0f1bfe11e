package org.frisbeegw.gateway.auth;

import java.net.InetAddress;

/**
 * Decides whether a host may GET or PUT an image (master-server.md §4, §7). Identity is only the
 * caller's IP; a non-zero {@code hostIp} different from it makes the caller a proxy.
 */
public interface Authorizer {
    AuthDecision authorizeGet(int hostIp, InetAddress caller, String imageId);

    AuthDecision authorizePut(int hostIp, InetAddress caller, String imageId);

    /** True when deciding may wait on I/O other than the local file system (a database, say). */
    default boolean mayBlock() {
        return true;
    }
}
