package org.frisbeegw.xmlrpc;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The shim's listener: address and port (3069), the URL paths it answers (/usr/testbed), the
 * largest body it reads, the time a connection gets, and TLS (absent = plain HTTP, for loopback
 * tests and trusted networks only).
 */
public record ShimSettings(InetAddress bind, int port, Set<String> paths, int maxBodyBytes, Duration deadline,
                           int workers, Optional<Tls> tls) {
    public static final int DEFAULT_PORT = 3069;
    public static final Set<String> DEFAULT_PATHS = Set.of("/usr/testbed");
    public static final int DEFAULT_MAX_BODY = 1 << 20;

    public ShimSettings {
        paths = Set.copyOf(paths);
    }

    /**
     * Server identity from a PKCS#12 key store, clients verified against the Emulab CA (PEM).
     * {@code legacyClients} re-enables TLS 1.0/1.1 and MD5 certificate signatures for pre-2011
     * inner bosses; this changes JVM-wide security properties, so it is off unless asked for.
     */
    public record Tls(Path keyStore, char[] keyStorePassword, Path caCertificate, boolean legacyClients) {
    }
}
