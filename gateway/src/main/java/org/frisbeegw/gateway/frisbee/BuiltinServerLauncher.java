package org.frisbeegw.gateway.frisbee;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.frisbeegw.gateway.images.ConfinedFiles;
import org.frisbeegw.gateway.servers.ImageServerProcess;
import org.frisbeegw.gateway.servers.LaunchSpec;
import org.frisbeegw.gateway.servers.ServerLauncher;
import org.frisbeegw.gateway.servers.ServerStats;
import org.frisbeegw.gateway.servers.TrafficTotals;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;

/** The default launcher: runs a {@link FrisbeeImageServer} inside the gateway's JVM. */
public final class BuiltinServerLauncher implements ServerLauncher {
    private final TrafficTotals totals;
    private final List<Path> roots;

    /** For tests: any path may be served. */
    public BuiltinServerLauncher() {
        this(new TrafficTotals(), List.of());
    }

    /**
     * @param totals the gateway's counters, which every server started here adds to
     * @param roots  the image roots; each image is opened confined to them ({@link ConfinedFiles}),
     *               so what is served is what was checked. Empty: opened by name (tests only).
     */
    public BuiltinServerLauncher(TrafficTotals totals, List<Path> roots) {
        this.totals = totals;
        this.roots = List.copyOf(roots);
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
            FileChannel file = roots.isEmpty() ? FileChannel.open(settings.file(), StandardOpenOption.READ)
                    : ConfinedFiles.openRead(settings.file(), roots);
            return new Running(FrisbeeImageServer.start(settings, totals, file), name);
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
        public Optional<ServerStats> stats() {
            return Optional.of(server.stats());
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
