package org.frisbeegw.gateway.config;

/**
 * Abuse limits on the master port (cf. MetaServerII's flood control): open connections and new
 * connections per second from one address, and open connections from all addresses together.
 */
public record SourceLimits(int connectionsPerSource, int connectionRatePerSource, int connectionBurst,
                           int maxConnections) {
    public static final SourceLimits DEFAULTS = new SourceLimits(64, 200, 400, 2048);
}
