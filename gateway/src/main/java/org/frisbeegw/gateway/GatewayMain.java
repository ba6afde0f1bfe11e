package org.frisbeegw.gateway;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.frisbeegw.gateway.bench.BenchCommand;
import org.frisbeegw.gateway.config.ConfigException;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.gateway.frisbee.FetchCommand;
import org.frisbeegw.helper.MasterQuery;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code frisbee-gateway [serve] [flags]} runs the gateway; {@code query ...} asks a master
 * server like {@code frisbee -Q/-F}; {@code fetch ...} downloads an image like {@code frisbee -N}.
 * Exit 2 on a bad flag.
 */
public final class GatewayMain {
    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) {
        org.frisbeegw.helper.FatalErrors.install();
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (args.length > 0 && args[0].equals("query")) {
            System.exit(MasterQuery.run(rest, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("fetch")) {
            System.exit(FetchCommand.run(rest, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(bench(rest));
        }
        String[] serveArgs = args.length > 0 && args[0].equals("serve") ? rest : args;
        System.exit(serve(serveArgs));
    }

    static int serve(String[] args) {
        if (GatewayOptions.wantsHelp(args)) {
            GatewayOptions.printHelp(new PrintWriter(System.out));
            return 0;
        }
        GatewayConfig config;
        try {
            config = GatewayOptions.parse(args);
        } catch (ConfigException e) {
            System.err.println("frisbee-gateway: " + e.getMessage() + " (see --help)");
            return 2;
        }
        setLogLevel(config.debugLevel());
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (IOException e) {
            log.error("cannot start: {}", e.getMessage());
            return 1;
        }
        log.info("master server listening on {}, images from {}, uploads {}, methods {}", gateway.masterAddress(),
                config.readableRoots(), config.putDir().map(Object::toString).orElse("disabled"),
                TransferMethods.format(config.clientMethods()));
        if (!gateway.tmcdPorts().isEmpty()) {
            log.info("legacy tmcd bridge on TCP+UDP ports {}, proxying from {}", gateway.tmcdPorts(), config.proxyFrom());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: stopping image servers and uploads");
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int bench(String[] args) {
        try {
            return BenchCommand.run(args, System.out);
        } catch (Exception e) {
            log.error("benchmark failed", e);
            return 1;
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
