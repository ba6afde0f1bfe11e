package org.frisbeegw.helper.cli;

import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;

/** The flags every verb that asks a master server shares: -p port, -X methods, -B secs and --tries n. */
final class MasterFlags {
    private MasterFlags() {
    }

    /** Adds -p, -X, -B and --tries; {@code defaultTries} is what --tries means when only -B is given. */
    static void define(Options o, String methodsUse, int defaultTries) {
        o.addOption(Option.builder("p").hasArg().argName("port")
                .desc("master server port (default " + MasterClient.DEFAULT_PORT + ")").build());
        o.addOption(Option.builder("X").hasArg().argName("methods").desc(methodsUse + " (default mcast)").build());
        o.addOption(Option.builder("B").hasArg().argName("secs").desc("on TRYAGAIN wait this long and ask again").build());
        o.addOption(Option.builder().longOpt("tries").hasArg().argName("n")
                .desc("with -B, ask at most n times (default " + defaultTries + ")").build());
    }

    static int port(CommandLine cl) throws UsageException {
        return Flags.intValue(cl, "p", MasterClient.DEFAULT_PORT, 1, 65535);
    }

    /** TRYAGAIN is retried only when -B is given, as by the C client. */
    static RetryPolicy retry(CommandLine cl, int defaultTries) throws UsageException {
        if (!cl.hasOption("B")) {
            return RetryPolicy.NONE;
        }
        return new RetryPolicy(Duration.ofSeconds(Flags.intValue(cl, "B", 0, 0, 3600)),
                Flags.intValue(cl, "tries", defaultTries, 1, 100_000));
    }
}
