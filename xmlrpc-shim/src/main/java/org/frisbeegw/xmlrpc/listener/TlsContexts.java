package org.frisbeegw.xmlrpc.listener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.frisbeegw.xmlrpc.ShimSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shim's TLS context: our key and certificate, client certificates trusted only through the Emulab CA. */
final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /** The server's TLS context: our key, clients trusted only through the Emulab CA. */
    static SSLContext context(ShimSettings.Tls tls) throws IOException {
        if (tls.legacyClients()) {
            allowLegacyClients();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls), trustManagers(tls), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(ShimSettings.Tls tls) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            ks.load(in, tls.keyStorePassword());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, tls.keyStorePassword());
        return kmf.getKeyManagers();
    }

    /** Trusts exactly the Emulab CA: client certificates must chain to it. */
    private static javax.net.ssl.TrustManager[] trustManagers(ShimSettings.Tls tls) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(tls.caCertificate())) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("emulab-ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /**
     * Re-enables TLS 1.0/1.1 and MD5-signed certificates, which Java 17 refuses by default and
     * pre-2011 inner bosses need. JVM-wide, so only on request and always logged.
     */
    private static void allowLegacyClients() {
        log.warn("XML-RPC shim: legacy TLS 1.0/1.1 and MD5 certificate signatures enabled for this JVM");
        Security.setProperty("jdk.tls.disabledAlgorithms",
                Security.getProperty("jdk.tls.disabledAlgorithms").replaceAll("\\bTLSv1(\\.1)?\\s*,\\s*", ""));
        Security.setProperty("jdk.certpath.disabledAlgorithms",
                Security.getProperty("jdk.certpath.disabledAlgorithms").replaceAll("\\bMD5\\s*,\\s*", ""));
    }
}
