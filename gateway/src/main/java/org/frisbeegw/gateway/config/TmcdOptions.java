package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;

/**
 * The tmcd bridge's flags, validated into {@link TmcdSettings}. The bridge is on when
 * --reload-info (or --tmcd-ports) is given; its ports default to tmcd's 7777 and 14447.
 */
final class TmcdOptions {
    private TmcdOptions() {
    }

    static Optional<TmcdSettings> parse(CommandLine cl, Optional<InetAddress> bind, boolean emulabDb) throws ConfigException {
        if (!cl.hasOption("tmcd-ports") && !cl.hasOption("reload-info")) {
            for (String dependent : new String[] {"tmcd-upstream", "tmcd-self", "boss-ip", "compat-tries"}) {
                if (cl.hasOption(dependent)) {
                    throw new ConfigException("--" + dependent + " needs --reload-info (the tmcd bridge)");
                }
            }
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
                GatewayOptions.intValue(cl, "compat-tries", 1, 1, 100)));
    }

    private static Optional<InetSocketAddress> upstream(CommandLine cl) throws ConfigException {
        String value = cl.getOptionValue("tmcd-upstream");
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(value.substring(0, colon)),
                    Integer.parseInt(value.substring(colon + 1))));
        } catch (RuntimeException | java.net.UnknownHostException e) {
            throw new ConfigException("--tmcd-upstream " + value + ": expected host:port");
        }
    }
}
