package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;
import org.frisbeegw.wire.TransferMethods;

/** mfrisbeed's parent flags: -S host, -P port, -A, -M (needs -S), -R, -X list, plus --hop-limit. */
final class ParentOptions {
    private ParentOptions() {
    }

    static void define(Options o) {
        o.addOption(Option.builder("S").hasArg().argName("host").desc("parent master server: fetch images it has").build());
        o.addOption(Option.builder("P").hasArg().argName("port").desc("parent's port (default " + MasterSettings.DEFAULT_PORT + ")")
                .build());
        o.addOption(Option.builder("A").desc("ask the parent as the client (hostip = the client)").build());
        o.addOption(Option.builder("M").desc("strict mirror of the parent (needs -S)").build());
        o.addOption(Option.builder("R").desc("while fetching, send clients to the parent's stream").build());
        o.addOption(Option.builder("X").hasArg().argName("list").desc("methods toward the parent (default ucast,mcast)").build());
        o.addOption(GatewayOptions.longOpt("hop-limit", "n", "longest chain of gateways a request may pass (default 16)"));
    }

    static Optional<ParentSettings> parse(CommandLine cl, Optional<InetAddress> bind, int ownPort) throws UsageException {
        if (!cl.hasOption("S")) {
            Flags.requireWith(cl, false, "-S (a parent)", "P", "A", "M", "R", "X", "hop-limit");
            return Optional.empty();
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(cl.getOptionValue("S")); // resolved once at start, as mfrisbeed does
        } catch (UnknownHostException e) {
            throw new ConfigException("-S " + cl.getOptionValue("S") + ": unknown host");
        }
        int port = Flags.intValue(cl, "P", 64494, 1, 65535);
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
                cl.hasOption("R"), methods, Flags.intValue(cl, "hop-limit", 16, 1, 255)));
    }
}
