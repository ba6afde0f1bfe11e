package org.frisbeegw.gateway.frisbee;

import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import org.frisbeegw.gateway.servers.ImageServerProcess;
import org.frisbeegw.gateway.servers.LaunchSpec;
import org.frisbeegw.gateway.servers.ServerLauncher;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;

/** The default launcher: runs a {@link FrisbeeImageServer} inside the gateway's JVM. */
public final class BuiltinServerLauncher implements ServerLauncher {
    private final TrafficTotals totals;

    public BuiltinServerLauncher() {
        this(new TrafficTotals());
    }

    /** @param totals the gateway's counters, which every server started here adds to */
    public BuiltinServerLauncher(TrafficTotals totals) {
        this.totals = totals;
    }

    /** Sockets are bound inside {@link #launch}, so a failure is known before it returns. */
    @Override
    public boolean failsFast() {
        return true;
    }

    @Override
    public ImageServerProcess launch(LaunchSpec spec) throws IOException {
        ServerSettings settings;
        try {
            settings = FrisbeedArguments.apply(ServerSettings.defaults(spec.imagePath(), Ipv4.toAddress(spec.servAddr()),
                    Ipv4.toAddress(spec.destination()), spec.port()), spec.extraArgs())
                    .withInactivityTimeout(spec.inactivityTimeout());
            if (spec.method() == TransferMethods.BROADCAST) {
                settings = settings.withBroadcast(true);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        String name = "built-in " + Ipv4.format(spec.destination()) + ":" + spec.port();
        try {
            return new Running(FrisbeeImageServer.start(settings, totals), name);
        } catch (BindException e) {
            // What frisbeed would report by its exit status; the registry retries on another port.
            return new PortInUse(name);
        }
    }

    private record Running(FrisbeeImageServer server, String describe) implements ImageServerProcess {
        @Override
        public CompletableFuture<Integer> exit() {
            return server.exit();
        }

        @Override
        public void stop() {
            server.stop();
        }

        @Override
        public java.util.Optional<ServerStats> stats() {
            return java.util.Optional.of(server.stats());
        }
    }

    private record PortInUse(String describe) implements ImageServerProcess {
        @Override
        public CompletableFuture<Integer> exit() {
            return CompletableFuture.completedFuture(FrisbeeImageServer.EXIT_ADDRESS_IN_USE);
        }

        @Override
        public void stop() {
            // never ran
        }
    }
}
