package org.frisbeegw.xmlrpc.listener;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-certificate trust for {@code --xmlrpc-legacy-tls}: pre-2011 inner bosses present
 * certificates signed with MD5withRSA, which the JDK's PKIX checks refuse through
 * {@code jdk.certpath.disabledAlgorithms} and {@code jdk.tls.disabledAlgorithms}. Rather than
 * removing MD5 from those JVM-wide lists, this trust manager (of this one SSLContext only) lets
 * the standard check decide every chain, except that a chain the standard check refuses and
 * that carries an MD5 signature is checked here instead, by the same rules an old OpenSSL
 * server applied: every certificate in its validity period, each signed by the next, the last
 * signed by one of the configured CA certificates, and a leaf usable for client authentication.
 * Being an {@link X509ExtendedTrustManager}, it is used by JSSE as it is, without the extra
 * algorithm check JSSE wraps around plain trust managers.
 */
final class LegacyClientTrust extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(LegacyClientTrust.class);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final X509ExtendedTrustManager standard;
    private final List<X509Certificate> authorities;

    LegacyClientTrust(X509ExtendedTrustManager standard, List<X509Certificate> authorities) {
        this.standard = standard;
        this.authorities = List.copyOf(authorities);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        standardOrMd5(chain, () -> standard.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        standardOrMd5(chain, () -> standard.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        standardOrMd5(chain, () -> standard.checkClientTrusted(chain, authType));
    }

    /** Only client certificates are checked here: the shim is a server. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        standard.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        standard.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        standard.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return standard.getAcceptedIssuers();
    }

    /** One of the standard trust manager's checks. */
    private interface StandardCheck {
        void run() throws CertificateException;
    }

    private void standardOrMd5(X509Certificate[] chain, StandardCheck check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException refused) {
            checkMd5Chain(chain, refused);
        }
    }

    /** The standard check's verdict stands unless the chain is an MD5 one that passes the old rules. */
    private void checkMd5Chain(X509Certificate[] chain, CertificateException refused) throws CertificateException {
        if (chain == null || chain.length == 0 || Arrays.stream(chain).noneMatch(LegacyClientTrust::md5Signed)) {
            throw refused;
        }
        try {
            for (int i = 0; i < chain.length; i++) {
                chain[i].checkValidity();
                if (i + 1 < chain.length) {
                    chain[i].verify(chain[i + 1].getPublicKey());
                }
                if (i > 0 && chain[i].getBasicConstraints() < 0 && !authorities.contains(chain[i])) {
                    throw new CertificateException("an intermediate certificate is not a CA");
                }
            }
            X509Certificate last = chain[chain.length - 1];
            if (authorities.stream().noneMatch(ca -> signedBy(last, ca))) {
                throw new CertificateException("MD5-signed chain does not lead to the configured CA");
            }
            List<String> usage = chain[0].getExtendedKeyUsage();
            if (usage != null && !usage.contains(CLIENT_AUTH) && !usage.contains(ANY_USAGE)) {
                throw new CertificateException("certificate is not for client authentication");
            }
        } catch (GeneralSecurityException bad) {
            CertificateException e = new CertificateException("MD5-signed client certificate refused: " + bad.getMessage(), bad);
            e.addSuppressed(refused);
            throw e;
        }
        log.debug("legacy client certificate accepted: {}", chain[0].getSubjectX500Principal());
    }

    private static boolean md5Signed(X509Certificate c) {
        return c.getSigAlgName().toUpperCase(Locale.ROOT).contains("MD5");
    }

    /** The CA itself, or a certificate the CA signed. */
    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        if (cert.equals(ca)) {
            return true;
        }
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            ca.checkValidity();
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
