package org.frisbeegw.gateway.emulab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Set;

/**
 * Site facts the "emulab" configuration needs besides the DB: where standard images live
 * (TBROOT/images, never writable, served at the maxrate_std rate), whether this is an inner
 * Emulab (shorter server timeout, IGMP keep-alive), and callers trusted to proxy for any node
 * (the boss itself: loopback and the gateway's own bridges).
 */
public record EmulabPolicy(Path standardImages, boolean innerElab, Set<InetAddress> trustedProxies) {
    public EmulabPolicy {
        trustedProxies = Set.copyOf(trustedProxies);
    }
}
