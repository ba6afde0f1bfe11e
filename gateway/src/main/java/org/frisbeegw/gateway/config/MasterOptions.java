package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;
import org.frisbeegw.wire.TransferMethods;

/** The master listener's flags (mfrisbeed's -i, -p, -x and our limits) into {@link MasterSettings}. */
final class MasterOptions {
    private MasterOptions() {
    }

    static void define(Options o) {
        o.addOption(Option.builder("p").hasArg().argName("port")
                .desc("master-server TCP port (default " + MasterSettings.DEFAULT_PORT + ")").build());
        o.addOption(Option.builder("i").hasArg().argName("addr").desc("bind address (default: any)").build());
        o.addOption(Option.builder("x").hasArg().argName("list").desc("methods clients may use (default ucast,mcast)").build());
        o.addOption(GatewayOptions.longOpt("request-deadline", "ms", "time a client has to send its whole request (default "
                + MasterSettings.DEFAULT_REQUEST_DEADLINE.toMillis() + ")"));
        o.addOption(GatewayOptions.longOpt("workers", "n", "request worker threads (default "
                + MasterSettings.DEFAULT_WORKERS + ")"));
        o.addOption(GatewayOptions.longOpt("backlog", "n", "TCP listen backlog (default " + MasterSettings.DEFAULT_BACKLOG + ")"));
        SourceLimits d = SourceLimits.DEFAULTS;
        o.addOption(GatewayOptions.longOpt("max-connections-per-source", "n",
                "open master connections from one address (default " + d.connectionsPerSource() + ")"));
        o.addOption(GatewayOptions.longOpt("max-connections", "n",
                "open master connections from all addresses together (default " + d.maxConnections() + ")"));
        o.addOption(GatewayOptions.longOpt("max-connection-rate", "n",
                "new master connections per second from one address (default " + d.connectionRatePerSource() + ")"));
        o.addOption(GatewayOptions.longOpt("connection-burst", "n", "burst allowance for that rate (default "
                + d.connectionBurst() + ")"));
    }

    static MasterSettings parse(CommandLine cl, boolean demo) throws UsageException {
        int port = Flags.intValue(cl, "p", MasterSettings.DEFAULT_PORT, 0, 65535);
        int methods;
        try {
            methods = TransferMethods.parse(cl.getOptionValue("x", "ucast,mcast"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("-x: " + e.getMessage());
        }
        Duration deadline = Duration.ofMillis(Flags.intValue(cl, "request-deadline",
                (int) MasterSettings.DEFAULT_REQUEST_DEADLINE.toMillis(), 10, 600_000));
        SourceLimits d = SourceLimits.DEFAULTS;
        SourceLimits limits = new SourceLimits(
                Flags.intValue(cl, "max-connections-per-source", d.connectionsPerSource(), 1, 100_000),
                Flags.intValue(cl, "max-connection-rate", d.connectionRatePerSource(), 1, 1_000_000),
                Flags.intValue(cl, "connection-burst", d.connectionBurst(), 1, 1_000_000),
                Flags.intValue(cl, "max-connections", d.maxConnections(), 1, 1_000_000));
        String bind = cl.getOptionValue("i", demo ? "127.0.0.1" : null);
        Optional<InetAddress> address = bind == null ? Optional.empty() : Optional.of(GatewayOptions.ipv4("-i", bind));
        return new MasterSettings(address, port, methods,
                Flags.intValue(cl, "workers", MasterSettings.DEFAULT_WORKERS, 1, 1024),
                Flags.intValue(cl, "backlog", MasterSettings.DEFAULT_BACKLOG, 1, 65535), deadline, limits);
    }
}
