package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;

/** The flags of a gateway pair (README "Two gateways") into {@link PairSettings}. */
final class PairOptions {
    private PairOptions() {
    }

    static void define(Options o) {
        o.addOption(GatewayOptions.longOpt("pair", "name", "one of an active/standby pair: start standby, "
                + "become active when told (admin control: role active)"));
        o.addOption(GatewayOptions.longOpt("pair-address", "ip", "--pair: this machine's own address, for the status "
                + "page in either role (default 127.0.0.1)"));
    }

    static Optional<PairSettings> parse(CommandLine cl) throws UsageException {
        Flags.requireWith(cl, cl.hasOption("pair"), "--pair", "pair-address");
        if (!cl.hasOption("pair")) {
            return Optional.empty();
        }
        String member = cl.getOptionValue("pair");
        if (!member.matches("[A-Za-z0-9][-A-Za-z0-9_.]{0,63}")) {
            throw new ConfigException("--pair " + member + ": a name of letters, digits, '-', '_' and '.', at most 64");
        }
        InetAddress own = cl.hasOption("pair-address")
                ? GatewayOptions.ipv4("--pair-address", cl.getOptionValue("pair-address"))
                : InetAddress.getLoopbackAddress();
        return Optional.of(new PairSettings(member, own));
    }
}
