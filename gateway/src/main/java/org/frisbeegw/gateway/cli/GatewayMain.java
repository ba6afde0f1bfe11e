package org.frisbeegw.gateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.bench.BenchCommand;
import org.frisbeegw.gateway.config.ConfigException;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.gateway.pair.PairGateway;
import org.frisbeegw.helper.FatalErrors;
import org.frisbeegw.helper.cli.AdminCommand;
import org.frisbeegw.helper.cli.ExitCode;
import org.frisbeegw.helper.cli.FetchCommand;
import org.frisbeegw.helper.cli.QueryCommand;
import org.frisbeegw.helper.cli.UsageException;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code frisbee-gateway <verb> [flags]}: one verb per job, each with its own {@code --help}.
 * Without a verb, the flags are {@code serve}'s (mfrisbeed's command line), so
 * {@code frisbee-gateway -I dir} runs the gateway. Exit 2 on bad usage.
 */
public final class GatewayMain {

    static final List<Verb> VERBS = List.of(
            new Verb("serve", "run the gateway (the default: bare flags are serve's)", GatewayMain::serve),
            new Verb("query", "ask a master server about an image, like frisbee -Q / -F",
                    a -> QueryCommand.run(a, System.out, System.err)),
            new Verb("fetch", "download an image, like frisbee -N", a -> FetchCommand.run(a, System.out, System.err)),
            new Verb("admin", "one request to a running gateway's admin control (list, stop, loglevel, role)",
                    a -> AdminCommand.run(a, System.out, System.err)),
            new Verb("bench", "benchmarks: data path, master server, fuzzing", GatewayMain::bench),
            new Verb("version", "print the version", a -> version(System.out)),
            new Verb("help", "this list", a -> help(System.out)));
    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    /** A verb: its name, one line for the verb list, and what runs it (returning the exit status). */
    record Verb(String name, String summary, Function<String[], Integer> run) {
    }

    public static void main(String[] args) {
        FatalErrors.install();
        System.exit(dispatch(args, System.err));
    }

    /** Runs the verb {@code args[0]} names, serve for bare flags; an unknown verb is a usage error. */
    static int dispatch(String[] args, PrintStream err) {
        if (args.length == 1 && args[0].equals("--version")) {
            return version(System.out);
        }
        if (args.length == 0 || args[0].startsWith("-")) {
            return serve(args);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        for (Verb v : VERBS) {
            if (v.name().equals(args[0])) {
                return v.run().apply(rest);
            }
        }
        err.println("frisbee-gateway: unknown verb '" + args[0] + "' (see frisbee-gateway help)");
        return ExitCode.USAGE.code();
    }

    /** "frisbee-gateway 0.1.0": the jar's Implementation-Version ("dev" when run from classes). */
    static int version(PrintStream out) {
        String v = GatewayMain.class.getPackage().getImplementationVersion();
        out.println("frisbee-gateway " + (v == null ? "dev" : v));
        return ExitCode.OK.code();
    }

    static int help(PrintStream out) {
        out.println("usage: frisbee-gateway <verb> [options]     (<verb> --help for its options)");
        VERBS.forEach(v -> out.printf("  %-6s %s%n", v.name(), v.summary()));
        out.flush();
        return ExitCode.OK.code();
    }

    static int serve(String[] args) {
        if (GatewayOptions.wantsHelp(args)) {
            GatewayOptions.printHelp(new PrintWriter(System.out));
            System.out.println();
            help(System.out);
            return ExitCode.OK.code();
        }
        GatewayConfig config;
        try {
            config = GatewayOptions.parse(args);
        } catch (ConfigException e) {
            System.err.println("frisbee-gateway: " + e.getMessage() + " (see --help)");
            return ExitCode.USAGE.code();
        }
        setLogLevel(config.operations().debugLevel());
        AutoCloseable running;
        try {
            running = config.pair().isPresent() ? PairGateway.start(config) : started(config, Gateway.start(config));
        } catch (IOException e) {
            log.error("cannot start: {}", e.getMessage());
            return ExitCode.ERROR.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: stopping image servers and uploads");
            try {
                running.close();
            } catch (Exception e) {
                log.warn("stopping: {}", e.toString());
            }
            log.info("stopped");
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop(); // flushes the asynchronous log queue
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK.code();
    }

    /** Logs where a gateway on its own listens. */
    private static Gateway started(GatewayConfig config, Gateway gateway) {
        log.info("master server listening on {}, images from {}, uploads {}, methods {}", gateway.masterAddress(),
                config.readableRoots(), config.uploads().putDir().map(Object::toString).orElse("disabled"),
                TransferMethods.format(config.master().clientMethods()));
        if (!gateway.tmcdPorts().isEmpty()) {
            log.info("legacy tmcd bridge on TCP+UDP ports {}, proxying from {}", gateway.tmcdPorts(), config.proxyFrom());
        }
        return gateway;
    }

    private static int bench(String[] args) {
        try {
            return BenchCommand.run(args, System.out);
        } catch (UsageException e) {
            System.err.println("bench: " + e.getMessage() + " (see bench --help)");
            return ExitCode.USAGE.code();
        } catch (Exception e) {
            log.error("benchmark failed", e);
            return ExitCode.ERROR.code();
        }
    }

    private static void setLogLevel(int debugLevel) {
        if (debugLevel > 0) {
            ch.qos.logback.classic.Logger root =
                    (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.DEBUG);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.mina"))
                    .setLevel(debugLevel > 1 ? Level.DEBUG : Level.INFO);
        }
    }
}
