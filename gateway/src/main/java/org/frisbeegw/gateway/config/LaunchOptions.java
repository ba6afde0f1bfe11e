package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;

/** Image-server flags (launcher, frisbeed options, address plan, how many) into {@link LaunchSettings}. */
final class LaunchOptions {
    private LaunchOptions() {
    }

    static void define(Options o) {
        LaunchSettings d = LaunchSettings.DEFAULTS;
        o.addOption(GatewayOptions.longOpt("launcher", "kind", "image server to start: builtin (default) or external (exec --frisbeed)"));
        o.addOption(GatewayOptions.longOpt("frisbeed", "path", "frisbeed binary for the external launcher (default "
                + d.frisbeed() + ")"));
        o.addOption(GatewayOptions.longOpt("server-timeout", "secs", "image server inactivity timeout, -T (default "
                + d.serverTimeout().toSeconds() + ")"));
        o.addOption(GatewayOptions.longOpt("server-args", "args", "extra image server options (default \""
                + String.join(" ", d.serverArgs()) + "\")"));
        o.addOption(GatewayOptions.longOpt("startup-check", "ms", "a new image server must live this long to count as started"
                + " (default " + d.startupCheck().toMillis() + ")"));
        o.addOption(GatewayOptions.longOpt("mcast-base", "a.b.c", "multicast group base (default 239.192.1)"));
        o.addOption(GatewayOptions.longOpt("port-base", "port", "first UDP port for image servers (default 1025)"));
        o.addOption(GatewayOptions.longOpt("port-count", "n", "number of UDP ports; 0 derives the port from the group (default 0)"));
        o.addOption(GatewayOptions.longOpt("max-servers", "n", "image servers running at once (default "
                + d.maxServers() + ")"));
    }

    static LaunchSettings parse(CommandLine cl) throws UsageException {
        LaunchSettings d = LaunchSettings.DEFAULTS;
        String kind = cl.getOptionValue("launcher", "builtin");
        LauncherKind launcher;
        try {
            launcher = LauncherKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--launcher " + kind + ": use builtin or external");
        }
        Duration timeout = Duration.ofSeconds(Flags.intValue(cl, "server-timeout", (int) d.serverTimeout().toSeconds(), 0,
                Integer.MAX_VALUE));
        Duration check = Duration.ofMillis(Flags.intValue(cl, "startup-check", (int) d.startupCheck().toMillis(), 0, 60_000));
        AddressPlan plan;
        try {
            plan = AddressPlan.parse(cl.getOptionValue("mcast-base", "239.192.1"),
                    Flags.intValue(cl, "port-base", 1025, 1, 65535), Flags.intValue(cl, "port-count", 0, 0, 65535));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--mcast-base/--port-base/--port-count: " + e.getMessage());
        }
        List<String> args = cl.hasOption("server-args") ? splitArgs(cl.getOptionValue("server-args")) : d.serverArgs();
        return new LaunchSettings(launcher, Path.of(cl.getOptionValue("frisbeed", d.frisbeed().toString())), timeout, args,
                check, plan, Flags.intValue(cl, "max-servers", d.maxServers(), 1, 100_000));
    }

    /** Splits on blanks like the C server does; arguments never contain spaces. */
    private static List<String> splitArgs(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("[ \\t]+"));
    }
}
