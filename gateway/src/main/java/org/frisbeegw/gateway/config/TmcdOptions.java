package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;

/**
 * The tmcd bridge's flags, validated into {@link TmcdSettings}. The bridge is on when
 * --reload-info (or --tmcd-ports) is given; its ports default to tmcd's 7777 and 14447.
 */
final class TmcdOptions {
    private TmcdOptions() {
    }

    static void define(Options o) {
        o.addOption(GatewayOptions.longOpt("reload-info", "file", "enable the legacy tmcd bridge with this reload information file"));
        o.addOption(GatewayOptions.longOpt("tmcd-ports", "list", "tmcd bridge: TCP+UDP ports (default 7777,14447)"));
        o.addOption(GatewayOptions.longOpt("boss-ip", "ip", "tmcd bridge: SERVER= for nodes without a frisbee sub-boss (default: -i)"));
        o.addOption(GatewayOptions.longOpt("tmcd-upstream", "host:port", "tmcd bridge: the real tmcd for every other command"));
        o.addOption(GatewayOptions.longOpt("tmcd-self", "ip", "tmcd bridge: tmcd's own address, to relay from (default: --boss-ip)"));
        o.addOption(GatewayOptions.longOpt("compat-tries", "n", "tmcd bridge: master requests per image while TRYAGAIN (default 1)"));
    }

    static Optional<TmcdSettings> parse(CommandLine cl, Optional<InetAddress> bind, boolean emulabDb) throws UsageException {
        if (!cl.hasOption("tmcd-ports") && !cl.hasOption("reload-info")) {
            Flags.requireWith(cl, false, "--reload-info (the tmcd bridge)", "tmcd-upstream", "tmcd-self", "boss-ip",
                    "compat-tries");
            return Optional.empty();
        }
        List<Integer> ports = new ArrayList<>();
        for (String p : cl.getOptionValue("tmcd-ports", "7777,14447").split(",")) {
            try {
                int port = Integer.parseInt(p.trim());
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new ConfigException("--tmcd-ports " + cl.getOptionValue("tmcd-ports") + ": not a list of ports");
            }
        }
        String reload = cl.getOptionValue("reload-info");
        if (reload == null && !emulabDb || reload != null && !Files.isReadable(Path.of(reload))) {
            throw new ConfigException("--reload-info: a readable file is required for the tmcd bridge (or -C emulab)");
        }
        String boss = cl.getOptionValue("boss-ip", bind.map(InetAddress::getHostAddress).orElse(null));
        if (boss == null) {
            throw new ConfigException("--boss-ip: required for the tmcd bridge when -i is not given");
        }
        InetAddress bossIp = GatewayOptions.ipv4("--boss-ip", boss);
        InetAddress self = cl.hasOption("tmcd-self") ? GatewayOptions.ipv4("--tmcd-self", cl.getOptionValue("tmcd-self")) : bossIp;
        return Optional.of(new TmcdSettings(ports, Optional.ofNullable(reload).map(Path::of), bossIp.getHostAddress(),
                upstream(cl), self,
                Flags.intValue(cl, "compat-tries", 1, 1, 100)));
    }

    private static Optional<InetSocketAddress> upstream(CommandLine cl) throws UsageException {
        String value = cl.getOptionValue("tmcd-upstream");
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(value.substring(0, colon)),
                    Integer.parseInt(value.substring(colon + 1))));
        } catch (RuntimeException | UnknownHostException e) {
            throw new ConfigException("--tmcd-upstream " + value + ": expected host:port");
        }
    }
}
