package org.frisbeegw.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the JDK's keytool: an "Emulab CA", a server key store, and user
 * certificates signed by the CA or self-signed. All stores are PKCS#12 with one password.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit";
    private final Path dir;
    private final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Emulab CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", store("ca"));
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store("ca"), "-file", caPem().toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=boss",
                "-validity", "2", "-keystore", store("server"));
    }

    Path caPem() {
        return dir.resolve("ca.pem");
    }

    Path serverStore() {
        return dir.resolve("server.p12");
    }

    /** A key store for {@code cn}, signed by the CA unless {@code selfSigned}. */
    Path user(String cn, boolean selfSigned) throws Exception {
        String name = cn + (selfSigned ? "-self" : "");
        keytool("-genkeypair", "-alias", "me", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn + ",OU=sslxmlrpc",
                "-validity", "2", "-keystore", store(name));
        if (!selfSigned) {
            Path csr = dir.resolve(name + ".csr");
            Path crt = dir.resolve(name + ".crt");
            keytool("-certreq", "-alias", "me", "-keystore", store(name), "-file", csr.toString());
            keytool("-gencert", "-alias", "ca", "-keystore", store("ca"), "-infile", csr.toString(), "-outfile",
                    crt.toString(), "-validity", "2");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", store(name), "-file", caPem().toString());
            keytool("-importcert", "-alias", "me", "-keystore", store(name), "-file", crt.toString());
        }
        return dir.resolve(name + ".p12");
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(keytool));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
