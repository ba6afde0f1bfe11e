package org.frisbeegw.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates as a pre-2011 Emulab made them, with the openssl command: MD5withRSA
 * signatures and 1024-bit keys. {@link #client} runs {@code openssl s_client} as the inner
 * boss's TLS client (a real process), so nothing of the JDK's TLS stands in for the old peer.
 */
final class OpenSslPki {
    static final String PASSWORD = "changeit";
    private final Path dir;

    OpenSslPki(Path dir) {
        this.dir = dir;
    }

    /** Why the openssl command cannot be used here, or null when it can. */
    static String unavailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "openssl version failed";
        } catch (IOException | InterruptedException e) {
            return "the openssl command is not installed: " + e.getMessage();
        }
    }

    /** A self-signed CA certificate {@code name}.pem / .key signed with {@code digest}. */
    Path ca(String name, String digest) throws Exception {
        openssl("req", "-x509", "-" + digest, "-newkey", "rsa:1024", "-nodes", "-keyout", key(name), "-out", pem(name),
                "-days", "2", "-subj", "/CN=" + name);
        return dir.resolve(name + ".pem");
    }

    /** A user certificate for {@code cn}, signed by {@code ca} with {@code digest}. */
    void user(String name, String cn, String ca, String digest) throws Exception {
        openssl("req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", key(name), "-out", path(name + ".csr"),
                "-subj", "/OU=sslxmlrpc/CN=" + cn);
        openssl("x509", "-req", "-" + digest, "-in", path(name + ".csr"), "-CA", pem(ca), "-CAkey", key(ca),
                "-set_serial", Long.toString(System.nanoTime()), "-out", pem(name), "-days", "2");
    }

    /** A PKCS#12 server key store (self-signed, SHA-256: the server side is not the legacy part). */
    Path serverStore() throws Exception {
        openssl("req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", key("server"), "-out", pem("server"),
                "-days", "2", "-subj", "/CN=boss");
        openssl("pkcs12", "-export", "-in", pem("server"), "-inkey", key("server"), "-out", path("server.p12"),
                "-passout", "pass:" + PASSWORD);
        return dir.resolve("server.p12");
    }

    /**
     * Sends {@code request} through {@code openssl s_client} over {@code protocol} (e.g. -tls1),
     * with {@code user}'s certificate unless null, and returns what came back ("" if refused).
     */
    String client(int port, String protocol, String user, String request) throws Exception {
        Path in = Files.writeString(dir.resolve("request-" + System.nanoTime()), request, StandardCharsets.US_ASCII);
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, protocol,
                "-cipher", "DEFAULT:@SECLEVEL=0", "-quiet", "-ign_eof"));
        if (user != null) {
            cmd.addAll(List.of("-cert", pem(user), "-key", key(user)));
        }
        Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl s_client did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String pem(String name) {
        return path(name + ".pem");
    }

    private String key(String name) {
        return path(name + ".key");
    }

    private String path(String file) {
        return dir.resolve(file).toString();
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
