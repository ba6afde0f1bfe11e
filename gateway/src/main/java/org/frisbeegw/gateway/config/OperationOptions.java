package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;

/** The operator's flags (status page, admin control, state directory, -d) into {@link OperationSettings}. */
final class OperationOptions {
    private OperationOptions() {
    }

    static void define(Options o) {
        o.addOption(Option.builder("d").longOpt("debug").desc("debug logging (repeat for more)").build());
        o.addOption(GatewayOptions.longOpt("status-port", "port", "status page (text, ?format=json, /metrics) on -i or 127.0.0.1"));
        o.addOption(GatewayOptions.longOpt("admin-socket", "path", "local admin control (list/stop image servers) on this unix socket"));
        o.addOption(GatewayOptions.longOpt("state-dir", "dir", "journal running image servers here and resume them after a restart"));
    }

    static OperationSettings parse(CommandLine cl, String[] args, Optional<Path> demo) throws UsageException {
        Optional<Integer> statusPort = cl.hasOption("status-port")
                ? Optional.of(Flags.intValue(cl, "status-port", 0, 0, 65535)) : Optional.empty();
        Optional<Path> stateDir = Optional.ofNullable(cl.getOptionValue("state-dir")).map(Path::of)
                .or(() -> demo.map(d -> d.resolve("state")));
        return new OperationSettings(statusPort, Optional.ofNullable(cl.getOptionValue("admin-socket")).map(Path::of),
                stateDir, debugLevel(args));
    }

    /** -d, --debug, or -dd...: each d is one level. */
    private static int debugLevel(String[] args) {
        int n = 0;
        for (String a : args) {
            if (a.equals("-d") || a.equals("--debug")) {
                n++;
            } else if (a.matches("-d+")) {
                n += a.length() - 1;
            }
        }
        return n;
    }
}
