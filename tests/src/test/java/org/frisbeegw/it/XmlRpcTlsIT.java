package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim over HTTPS: only certificates from the configured CA get an answer; the CN is the user. */
class XmlRpcTlsIT {
    private static final String REQUEST = "<?xml version=\"1.0\"?><methodCall><methodName>elabinelab.frisbeelauncher"
            + "</methodName><params><param><value><double>0.1</double></value></param><param><value><struct><member>"
            + "<name>imageid</name><value><int>10012</int></value></member></struct></value></param></params></methodCall>";

    @TempDir
    static Path tmp;
    static TestCertificates pki;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestCertificates(Files.createDirectories(tmp.resolve("pki")));
        Path authority = Files.writeString(tmp.resolve("authority"), String.join("\n",
                "node 127.0.0.1 id=pc5 experiment=testbed/elab1 creator=alice role=boss state=active elabinelab=1",
                "image 10012 testbed/TB-PRIVATE", ""));
        Path password = Files.writeString(tmp.resolve("password"), TestCertificates.PASSWORD + "\n");
        gw = TestGateway.start(tmp, "--elab-authority", authority.toString(), "--xmlrpc-port", "0",
                "--xmlrpc-keystore", pki.serverStore().toString(), "--xmlrpc-keystore-password-file", password.toString(),
                "--xmlrpc-ca", pki.caPem().toString());
        Files.createDirectories(gw.images.resolve("testbed"));
        Files.write(gw.images.resolve("testbed/TB-PRIVATE"), new byte[100]);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theCreatorsCertificateGetsTheStream() throws Exception {
        String reply = post(Optional.of(pki.user("alice", false)));
        assertTrue(reply.matches("(?s)HTTP/1\\.[01] 200 OK.*"), reply);
        assertTrue(reply.contains("239.192.1.2:1283"), reply);
    }

    @Test
    void anotherUsersCertificateIsNotTheCreator() throws Exception {
        String reply = post(Optional.of(pki.user("mallory", false)));
        assertTrue(reply.contains("Must be creator to access elabinelab method for testbed/elab1"), reply);
        assertTrue(reply.contains("<name>code</name><value><i4>3</i4></value>"), reply);
    }

    @Test
    void selfSignedOrMissingCertificatesGetNoHttpAnswerAtAll() throws Exception {
        assertEquals("", post(Optional.of(pki.user("alice", true))));
        assertEquals("", post(Optional.empty()));
    }

    /** An HTTPS POST that, like the legacy client, does not check the server; "" when the handshake fails. */
    private static String post(Optional<Path> clientStore) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        if (clientStore.isPresent()) {
            try (InputStream in = Files.newInputStream(clientStore.get())) {
                ks.load(in, TestCertificates.PASSWORD.toCharArray());
            }
        } else {
            ks.load(null, null);
        }
        kmf.init(ks, TestCertificates.PASSWORD.toCharArray());
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {new TrustEverything()}, null);
        int port = gw.gateway.xmlrpcAddress().orElseThrow().getPort();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            byte[] body = REQUEST.getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(("POST /usr/testbed HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException handshakeRefused) {
            return "";
        }
    }

    /** The legacy client's verify_none. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
