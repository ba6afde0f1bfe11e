package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pre-2011 inner boss presents: an MD5-signed 1024-bit client certificate over TLS 1.0,
 * from a real {@code openssl s_client}. With {@code --xmlrpc-legacy-tls} it is answered; without
 * the flag it is not; even with it, an MD5 certificate from another CA is refused. Each gateway
 * is a process of its own, since re-enabling TLS 1.0 is JVM-wide.
 */
class LegacyTlsIT {
    private static final String BODY = "<?xml version=\"1.0\"?><methodCall><methodName>elabinelab.frisbeelauncher"
            + "</methodName><params><param><value><double>0.1</double></value></param><param><value><struct><member>"
            + "<name>imageid</name><value><int>10012</int></value></member></struct></value></param></params></methodCall>";
    private static final String REQUEST = "POST /usr/testbed HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: "
            + BODY.length() + "\r\n\r\n" + BODY;

    @TempDir
    static Path tmp;
    static OpenSslPki pki;
    static GatewayProcess legacy;
    static GatewayProcess strict;
    static int legacyPort;
    static int strictPort;

    @BeforeAll
    static void start() throws Exception {
        String missing = OpenSslPki.unavailable();
        assumeTrue(missing == null, missing);
        pki = new OpenSslPki(Files.createDirectories(tmp.resolve("pki")));
        Path ca = pki.ca("emulab-ca", "md5");
        pki.user("alice", "alice", "emulab-ca", "md5");
        pki.ca("other-ca", "md5");
        pki.user("forged", "alice", "other-ca", "md5");
        Path store = pki.serverStore();
        Path password = Files.writeString(tmp.resolve("password"), OpenSslPki.PASSWORD + "\n");
        Path authority = Files.writeString(tmp.resolve("authority"), String.join("\n",
                "node 127.0.0.1 id=pc5 experiment=testbed/elab1 creator=alice role=boss state=active elabinelab=1",
                "image 10012 testbed/TB-PRIVATE", ""));
        Path images = Files.createDirectories(tmp.resolve("images/testbed"));
        Files.write(images.resolve("TB-PRIVATE"), new byte[100]);
        legacyPort = FreePorts.tcp();
        legacy = GatewayProcess.start(tmp.resolve("legacy.log"), FreePorts.tcp(), shim(images.getParent(), authority, store,
                password, ca, legacyPort, "--xmlrpc-legacy-tls"));
        strictPort = FreePorts.tcp();
        strict = GatewayProcess.start(tmp.resolve("strict.log"), FreePorts.tcp(), shim(images.getParent(), authority, store,
                password, ca, strictPort));
    }

    private static String[] shim(Path images, Path authority, Path store, Path password, Path ca, int port, String... more) {
        String[] base = {"-I", images.toString(), "--elab-authority", authority.toString(), "--xmlrpc-port",
            Integer.toString(port), "--xmlrpc-keystore", store.toString(), "--xmlrpc-keystore-password-file",
            password.toString(), "--xmlrpc-ca", ca.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @AfterAll
    static void stop() throws Exception {
        if (legacy != null) {
            legacy.close();
        }
        if (strict != null) {
            strict.close();
        }
    }

    @Test
    void anMd5CertificateOverTls10IsAnsweredWithTheLegacyFlag() throws Exception {
        String reply = pki.client(legacyPort, "-tls1", "alice", REQUEST);
        assertTrue(reply.matches("(?s).*HTTP/1\\.[01] 200 OK.*"), reply);
        assertTrue(reply.contains("<name>code</name><value><i4>0</i4></value>"), reply);
        assertTrue(reply.contains("239.192.1.2:1283"), reply);
    }

    @Test
    void anMd5CertificateFromAnotherCaOrNoneIsRefusedEvenWithTheFlag() throws Exception {
        assertEquals("", pki.client(legacyPort, "-tls1", "forged", REQUEST));
        assertEquals("", pki.client(legacyPort, "-tls1", null, REQUEST));
    }

    @Test
    void withoutTheFlagNeitherTls10NorAnMd5CertificateIsAccepted() throws Exception {
        assertEquals("", pki.client(strictPort, "-tls1", "alice", REQUEST));
        assertEquals("", pki.client(strictPort, "-tls1_2", "alice", REQUEST));
    }

}
