package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.frisbeegw.wire.TransferMethods;

/** mfrisbeed's parent flags: -S host, -P port, -A, -M (needs -S), -R, -X list, plus --hop-limit. */
final class ParentOptions {
    private ParentOptions() {
    }

    static Optional<ParentSettings> parse(CommandLine cl, Optional<InetAddress> bind, int ownPort) throws ConfigException {
        if (!cl.hasOption("S")) {
            for (String dependent : new String[] {"P", "A", "M", "R", "X", "hop-limit"}) {
                if (cl.hasOption(dependent)) {
                    throw new ConfigException("-" + (dependent.length() == 1 ? "" : "-") + dependent + " needs -S (a parent)");
                }
            }
            return Optional.empty();
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(cl.getOptionValue("S")); // resolved once at start, as mfrisbeed does
        } catch (UnknownHostException e) {
            throw new ConfigException("-S " + cl.getOptionValue("S") + ": unknown host");
        }
        int port = GatewayOptions.intValue(cl, "P", 64494, 1, 65535);
        if (port == ownPort && (host.isLoopbackAddress() && bind.isEmpty() || bind.map(host::equals).orElse(false))) {
            throw new ConfigException("-S " + cl.getOptionValue("S") + " -P " + port + ": that is this gateway itself");
        }
        int methods;
        try {
            methods = TransferMethods.parse(cl.getOptionValue("X", "ucast,mcast"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("-X: " + e.getMessage());
        }
        return Optional.of(new ParentSettings(new InetSocketAddress(host, port), cl.hasOption("A"), cl.hasOption("M"),
                cl.hasOption("R"), methods, GatewayOptions.intValue(cl, "hop-limit", 16, 1, 255)));
    }
}
