package org.frisbeegw.xmlrpc.listener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.frisbeegw.xmlrpc.ShimSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shim's TLS context: our key and certificate, client certificates trusted only through the Emulab CA. */
final class TlsContexts {
    static final String[] LEGACY_PROTOCOLS = {"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"};
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /** The server's TLS context: our key, clients trusted only through the Emulab CA. */
    static SSLContext context(ShimSettings.Tls tls) throws IOException {
        if (tls.legacyClients()) {
            allowOldProtocolVersions();
        }
        try {
            List<X509Certificate> authorities = authorities(tls);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls), trustManagers(authorities, tls.legacyClients()), null);
            if (tls.legacyClients() && !Arrays.asList(context.getSupportedSSLParameters().getProtocols()).contains("TLSv1")) {
                log.warn("XML-RPC shim: TLS 1.0 is still unavailable (TLS was used in this JVM before the shim started)");
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(ShimSettings.Tls tls) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            ks.load(in, tls.keyStorePassword());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, tls.keyStorePassword());
        return kmf.getKeyManagers();
    }

    private static List<X509Certificate> authorities(ShimSettings.Tls tls) throws IOException, GeneralSecurityException {
        List<X509Certificate> cas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tls.caCertificate())) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                cas.add((X509Certificate) c);
            }
        }
        if (cas.isEmpty()) {
            throw new IOException(tls.caCertificate() + ": no CA certificate in it");
        }
        return cas;
    }

    /** Trusts exactly the Emulab CA: client certificates must chain to it (MD5 chains too, in legacy mode). */
    private static TrustManager[] trustManagers(List<X509Certificate> authorities, boolean legacy)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
            trust.setCertificateEntry("emulab-ca-" + i, authorities.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        TrustManager[] standard = tmf.getTrustManagers();
        if (!legacy) {
            return standard;
        }
        X509ExtendedTrustManager pkix = Arrays.stream(standard).filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
        return new TrustManager[] {new LegacyClientTrust(pkix, authorities)};
    }

    /**
     * TLS 1.0/1.1, which pre-2011 inner bosses speak, can only be re-enabled JVM-wide, through
     * {@code jdk.tls.disabledAlgorithms} (read once, when TLS is first used). Only the two
     * protocol versions are removed from it (MD5withRSA and the rest stay listed: MD5 client
     * certificates are accepted by {@link LegacyClientTrust} alone), and TLS clients elsewhere in
     * this JVM are held to TLS 1.2 and 1.3 unless the operator set {@code jdk.tls.client.protocols}.
     */
    private static void allowOldProtocolVersions() {
        log.warn("XML-RPC shim: TLS 1.0/1.1 and MD5-signed client certificates accepted from inner bosses (--xmlrpc-legacy-tls)");
        if (System.getProperty("jdk.tls.client.protocols") == null) {
            System.setProperty("jdk.tls.client.protocols", "TLSv1.3,TLSv1.2");
        }
        Security.setProperty("jdk.tls.disabledAlgorithms", withoutOldTls(Security.getProperty("jdk.tls.disabledAlgorithms")));
    }

    /** The list without the entries TLSv1 and TLSv1.1 (exact entries; "TLSv1.2" never matches). */
    static String withoutOldTls(String disabled) {
        List<String> kept = new ArrayList<>();
        for (String entry : disabled.split(",")) {
            String e = entry.trim();
            if (!e.equals("TLSv1") && !e.equals("TLSv1.1") && !e.isEmpty()) {
                kept.add(e);
            }
        }
        return String.join(", ", kept);
    }
}
