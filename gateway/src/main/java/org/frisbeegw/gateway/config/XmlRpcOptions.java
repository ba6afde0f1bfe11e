package org.frisbeegw.gateway.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;
import org.frisbeegw.xmlrpc.ShimSettings;

/**
 * The XML-RPC shim's flags. On with --elab-authority FILE, or with -C emulab and --xmlrpc-port
 * (the DB answers then); TLS with --xmlrpc-keystore and --xmlrpc-ca
 * (client certificates required), or plain HTTP only when --xmlrpc-insecure-http says so.
 */
final class XmlRpcOptions {
    private XmlRpcOptions() {
    }

    static void define(Options o) {
        o.addOption(GatewayOptions.longOpt("elab-authority", "file", "enable the elabinelab XML-RPC shim with this authority file"));
        o.addOption(GatewayOptions.longOpt("xmlrpc-port", "port", "XML-RPC shim port (default " + ShimSettings.DEFAULT_PORT + ")"));
        o.addOption(GatewayOptions.longOpt("xmlrpc-keystore", "file", "XML-RPC shim: server certificate and key (PKCS#12)"));
        o.addOption(GatewayOptions.longOpt("xmlrpc-keystore-password-file", "file", "XML-RPC shim: file holding the key store password"));
        o.addOption(GatewayOptions.longOpt("xmlrpc-ca", "pem", "XML-RPC shim: CA that client certificates must chain to (the Emulab CA)"));
        o.addOption(Option.builder().longOpt("xmlrpc-legacy-tls")
                .desc("XML-RPC shim: also accept TLS 1.0/1.1 and MD5-signed client certificates (old inner bosses)").build());
        o.addOption(Option.builder().longOpt("xmlrpc-insecure-http")
                .desc("XML-RPC shim: plain HTTP without client certificates (tests, trusted networks)").build());
    }

    static Optional<XmlRpcSettings> parse(CommandLine cl, Optional<InetAddress> bind, boolean emulabDb)
            throws UsageException {
        boolean fromDb = emulabDb && cl.hasOption("xmlrpc-port") && !cl.hasOption("elab-authority");
        if (!cl.hasOption("elab-authority") && !fromDb) {
            Flags.requireWith(cl, false, "--elab-authority (the XML-RPC shim)", "xmlrpc-port", "xmlrpc-keystore",
                    "xmlrpc-ca", "xmlrpc-legacy-tls", "xmlrpc-insecure-http");
            return Optional.empty();
        }
        Optional<Path> authority = Optional.ofNullable(cl.getOptionValue("elab-authority")).map(Path::of);
        if (authority.isPresent() && !Files.isReadable(authority.get())) {
            throw new ConfigException("--elab-authority " + authority.get() + ": not a readable file");
        }
        int port = Flags.intValue(cl, "xmlrpc-port", ShimSettings.DEFAULT_PORT, 0, 65535);
        Optional<ShimSettings.Tls> tls = tls(cl);
        if (tls.isEmpty() && !cl.hasOption("xmlrpc-insecure-http")) {
            throw new ConfigException("--xmlrpc-keystore and --xmlrpc-ca: required for the XML-RPC shim"
                    + " (or --xmlrpc-insecure-http for plain HTTP on a trusted network)");
        }
        ShimSettings listener = new ShimSettings(bind.orElse(null), port, ShimSettings.DEFAULT_PATHS,
                ShimSettings.DEFAULT_MAX_BODY, Duration.ofSeconds(30), 8, tls);
        return Optional.of(new XmlRpcSettings(authority, listener));
    }

    private static Optional<ShimSettings.Tls> tls(CommandLine cl) throws UsageException {
        if (!cl.hasOption("xmlrpc-keystore") && !cl.hasOption("xmlrpc-ca")) {
            if (cl.hasOption("xmlrpc-legacy-tls")) {
                throw new ConfigException("--xmlrpc-legacy-tls needs --xmlrpc-keystore and --xmlrpc-ca");
            }
            return Optional.empty();
        }
        Path keystore = readable(cl, "xmlrpc-keystore");
        Path ca = readable(cl, "xmlrpc-ca");
        char[] password = new char[0];
        if (cl.hasOption("xmlrpc-keystore-password-file")) {
            try {
                password = Files.readString(readable(cl, "xmlrpc-keystore-password-file"), StandardCharsets.UTF_8)
                        .strip().toCharArray();
            } catch (IOException e) {
                throw new ConfigException("--xmlrpc-keystore-password-file: " + e.getMessage());
            }
        }
        return Optional.of(new ShimSettings.Tls(keystore, password, ca, cl.hasOption("xmlrpc-legacy-tls")));
    }

    private static Path readable(CommandLine cl, String flag) throws UsageException {
        String value = cl.getOptionValue(flag);
        if (value == null || !Files.isReadable(Path.of(value))) {
            throw new ConfigException("--" + flag + ": a readable file is required");
        }
        return Path.of(value);
    }
}
