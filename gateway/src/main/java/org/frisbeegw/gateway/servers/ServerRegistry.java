package org.frisbeegw.gateway.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image servers this gateway runs: at most one per image and method. Starts them just in
 * time, reuses them, and forgets them (freeing their port) when they exit. Starts for different
 * images run in parallel; two GETs for the same image never start two servers.
 */
public final class ServerRegistry implements ServerControl, AutoCloseable {
    /** frisbeed's exit status when bind() fails on Linux. */
    static final int EADDRINUSE = 98;
    /** Restarts on EADDRINUSE, as the C server's retry count. */
    static final int MAX_RETRIES = 5;
    /** How long close() and abandon() wait for stopped servers to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ServerRegistry.class);

    private final ServerLauncher launcher;
    private final AddressAllocator allocator;
    private final Duration startupCheck;
    private final Clock clock;
    private final int maxServers;
    private final Map<ServerKey, RunningServer> running = new ConcurrentHashMap<>();
    private final Map<Path, Object> imageLocks = new ConcurrentHashMap<>();
    private volatile Optional<ServerJournal> journal = Optional.empty();
    /** Set once the registry stops its servers itself: their exits are then not journalled as exits. */
    private volatile boolean closing;

    private record ServerKey(Path image, int method) {
    }

    public ServerRegistry(ServerLauncher launcher, AddressAllocator allocator, Duration startupCheck, Clock clock) {
        this(launcher, allocator, startupCheck, clock, Integer.MAX_VALUE);
    }

    /** @param maxServers image servers that may run at once; more get TRYAGAIN */
    public ServerRegistry(ServerLauncher launcher, AddressAllocator allocator, Duration startupCheck, Clock clock,
                          int maxServers) {
        this.maxServers = maxServers;
        this.launcher = launcher;
        this.allocator = allocator;
        this.startupCheck = launcher.failsFast() ? Duration.ZERO : startupCheck;
        this.clock = clock;
    }

    /** Records every start and stop in {@code j} from now on. */
    public void journalTo(ServerJournal j) {
        this.journal = Optional.of(j);
    }

    /**
     * Starts again the servers the journal says were running when the gateway died (or the other
     * of a pair stood down): same image, method, addresses and port, so their clients carry on.
     * All are launched first and checked against one start-up deadline, so a takeover with many
     * streams waits one check, not one per stream. A failure is logged, not fatal. Returns how
     * many run.
     */
    public int resumeAll(List<ServerJournal.Entry> entries) {
        List<Resumed> launched = entries.stream().map(this::launchResumed).flatMap(Optional::stream).toList();
        long deadline = System.nanoTime() + startupCheck.toNanos();
        int running = 0;
        for (Resumed r : launched) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (exitWithin(r.process(), left) != null) {
                allocator.release(r.entry().port());
                log.warn("resumed server for {} on port {} exited at once", r.entry().imageId(), r.entry().port());
                continue;
            }
            ServerJournal.Entry e = r.entry();
            register(new RunningServer(e.imageId(), e.image(), e.method(), e.servAddr(), e.addr(), e.destination(),
                    e.port(), clock.instant(), r.process(), r.spec()));
            log.info("resumed image server for {} on {}:{} after a restart", e.imageId(), Ipv4.format(e.addr()), e.port());
            running++;
        }
        return running;
    }

    private record Resumed(ServerJournal.Entry entry, LaunchSpec spec, ImageServerProcess process) {
    }

    private Optional<Resumed> launchResumed(ServerJournal.Entry e) {
        LaunchSpec spec = new LaunchSpec(e.imageId(), e.image(), e.method(), e.servAddr(), e.destination(), e.port(),
                e.timeout(), e.args());
        if (!allocator.reserve(e.port())) {
            log.warn("cannot resume {} on port {}: port taken", e.imageId(), e.port());
            return Optional.empty();
        }
        try {
            return Optional.of(new Resumed(e, spec, launcher.launch(spec)));
        } catch (IOException ex) {
            allocator.release(e.port());
            log.warn("cannot resume {} on port {}: {}", e.imageId(), e.port(), ex.getMessage());
            return Optional.empty();
        }
    }

    /** The best running server for the image among {@code methods}: broadcast, then multicast, then unicast. */
    public Optional<RunningServer> find(Path image, int methods) {
        return running.values().stream()
                .filter(s -> s.image().equals(image) && (s.method() & methods) != 0)
                .max(Comparator.comparingInt(RunningServer::method));
    }

    public boolean isServing(Path image) {
        return running.keySet().stream().anyMatch(k -> k.image().equals(image));
    }

    @Override
    public List<RunningServer> running() {
        return new ArrayList<>(running.values());
    }

    /**
     * For a real GET: the running server to join, or a new one started on {@code servAddr}. A
     * running unicast server cannot take a second client (TRYAGAIN, spec §3.2 step 10).
     */
    public ServeOutcome acquire(ImageRecord image, int methods, int servAddr, int callerIp) {
        synchronized (imageLocks.computeIfAbsent(image.path(), p -> new Object())) {
            Optional<RunningServer> found = find(image.path(), methods);
            if (found.isPresent()) {
                return found.get().method() == TransferMethods.UNICAST
                        ? new ServeOutcome.Refused(MsError.TRYAGAIN, "a unicast server already serves " + image.imageId())
                        : new ServeOutcome.Serving(found.get(), true);
            }
            return start(image, methods, servAddr, callerIp);
        }
    }

    private ServeOutcome start(ImageRecord image, int methods, int servAddr, int callerIp) {
        if (running.size() >= maxServers) {
            log.warn("not starting a server for {}: {} image servers run already (limit)", image.imageId(), running.size());
            return new ServeOutcome.Refused(MsError.TRYAGAIN, "image server limit " + maxServers + " reached");
        }
        for (int attempt = 0; ; attempt++) {
            Allocation a;
            try {
                a = allocator.allocate(methods);
            } catch (AllocationException e) {
                return new ServeOutcome.Refused(MsError.FAILED, e.getMessage());
            }
            boolean unicast = a.method() == TransferMethods.UNICAST;
            // Unicast: frisbeed sends to the client (-m) and the client is told the server's address.
            int destination = unicast ? callerIp : a.group();
            LaunchSpec spec = new LaunchSpec(image.imageId(), image.path(), a.method(), servAddr, destination, a.port(),
                    image.serverTimeout(), image.serverArgs());
            ImageServerProcess process;
            try {
                process = launcher.launch(spec);
            } catch (IOException e) {
                allocator.release(a.port());
                return new ServeOutcome.Refused(MsError.FAILED, "cannot start image server: " + e.getMessage());
            }
            Integer early = exitWithin(process, startupCheck);
            if (early == null) {
                RunningServer server = new RunningServer(image.imageId(), image.path(), a.method(), servAddr,
                        unicast ? servAddr : a.group(), destination, a.port(), clock.instant(), process, spec);
                register(server);
                return new ServeOutcome.Serving(server, false);
            }
            allocator.release(a.port());
            if (early != EADDRINUSE || attempt >= MAX_RETRIES) {
                return new ServeOutcome.Refused(MsError.TRYAGAIN,
                        "image server for " + image.imageId() + " exited at once with status " + early);
            }
            log.info("image server for {} found port {} in use, trying another", image.imageId(), a.port());
        }
    }

    private void register(RunningServer server) {
        ServerKey key = new ServerKey(server.image(), server.method());
        running.put(key, server);
        journal.ifPresent(j -> write(() -> j.started(new ServerJournal.Entry(server.startedAt(), server.port(),
                server.method(), server.servAddr(), server.addr(), server.destination(), server.spec().inactivityTimeout(),
                server.imageId(), server.image(), server.spec().extraArgs()))));
        log.info("started image server {} for {}: {} {}:{} from {}", server.process().describe(), server.imageId(),
                TransferMethods.format(server.method()), Ipv4.format(server.destination()), server.port(),
                Ipv4.format(server.servAddr()));
        server.process().exit().whenComplete((status, error) -> {
            running.remove(key, server);
            // Stopped by us at shutdown: recorded by close(), so a crash later does not resurrect it.
            if (!closing) {
                journal.ifPresent(j -> write(() -> j.stopped(server.port(), "exit " + status)));
            }
            allocator.release(server.port());
            log.info("image server {} for {} on port {} exited with status {}", server.process().describe(),
                    server.imageId(), server.port(), status);
        });
    }

    /** Null when still running after {@code wait}, else the exit status. */
    private static Integer exitWithin(ImageServerProcess process, Duration wait) {
        try {
            return process.exit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.stop();
            return -1;
        }
    }

    /**
     * Stops the running servers that {@code which} selects (the admin control's "stop") and waits
     * a little for them to end. Their exits are journalled as usual, so a restart does not
     * resume them.
     */
    @Override
    public List<RunningServer> stop(Predicate<RunningServer> which) {
        List<RunningServer> stopping = running().stream().filter(which).toList();
        for (RunningServer s : stopping) {
            log.info("stopping image server {} for {} on request", s.process().describe(), s.imageId());
            s.process().stop();
        }
        awaitExits(stopping);
        return stopping;
    }

    /**
     * Journals nothing from now on, so that the servers' stop at close() leaves them recorded as
     * running: the gateway that takes over (one of a pair) resumes them.
     */
    public void handOver() {
        closing = true;
        journal = Optional.empty();
    }

    /** Stops every server (the C daemon left them orphaned, spec §9.1 item 2) and says so in the journal. */
    @Override
    public void close() {
        closing = true;
        List<RunningServer> stopping = running();
        for (RunningServer s : stopping) {
            log.info("stopping image server {} for {}", s.process().describe(), s.imageId());
            s.process().stop();
            journal.ifPresent(j -> write(() -> j.stopped(s.port(), "gateway shutdown")));
        }
        awaitExits(stopping);
    }

    /**
     * Undoes a failed start: stops the servers (those resumed from the journal) without a word
     * in the journal, so the next start resumes them again.
     */
    public void abandon() {
        closing = true;
        List<RunningServer> stopping = running();
        stopping.forEach(s -> s.process().stop());
        awaitExits(stopping);
    }

    /** Waits a little for stopped servers to end, so their ports are free when this returns. */
    private static void awaitExits(List<RunningServer> stopping) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (RunningServer s : stopping) {
            try {
                s.process().exit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.warn("image server {} for {} did not end in time", s.process().describe(), s.imageId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface JournalWrite {
        void run() throws IOException;
    }

    private static void write(JournalWrite w) {
        try {
            w.run();
        } catch (IOException e) {
            log.warn("server journal not written: {}", e.getMessage());
        }
    }
}
