package org.frisbeegw.gateway.pair;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.servers.RunningServer;
import org.frisbeegw.gateway.servers.ServerControl;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.gateway.status.AdminControl;
import org.frisbeegw.gateway.status.StatusSnapshot;
import org.frisbeegw.helper.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway of an active/standby pair. keepalived owns the service address and says, through
 * the admin control, which role this gateway should have; the epoch in the shared state decides
 * which gateway may write. Becoming active takes a new epoch, reads the journal the previous
 * active left, resumes every stream it lists, and only then opens the listeners (a start of the
 * serving {@link Gateway}). A watcher checks the epoch twice a second: an active gateway whose
 * epoch was taken by the other steps down at once (fenced) and stays standby until the other
 * releases the epoch while keepalived still wants this one active, or keepalived says so again.
 */
public final class PairMember implements ServerControl, AdminControl.RoleControl, AutoCloseable {
    static final Duration WATCH_INTERVAL = Duration.ofMillis(500);
    /** After a failed takeover (database down, address not there yet), try again this much later. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(PairMember.class);

    private final String name;
    private final PairState state;
    private final ServerJournal.EntryCheck check;
    private final Activation activation;
    private final Clock clock;
    private final Instant startedAt;
    private final ScheduledExecutorService watcher;
    /** The serving gateway while active; null while standby. */
    private volatile Gateway active;
    /** The epoch held while active, else the newest one seen. */
    private volatile long epoch;
    private volatile String why = "started as standby";
    /** keepalived's last word: this gateway should be active. */
    private boolean wanted;
    private Optional<Instant> retryAt = Optional.empty();

    /** Starts the serving part of the gateway on the journal a takeover gives. */
    @FunctionalInterface
    public interface Activation {
        Gateway start(Gateway.JournalOpener journal) throws IOException;
    }

    private PairMember(String name, PairState state, ServerJournal.EntryCheck check, Activation activation, Clock clock) {
        this.name = name;
        this.state = state;
        this.check = check;
        this.activation = activation;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.watcher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pair-watch"));
    }

    /** A standby member; it does nothing until told {@link #becomeActive()}. */
    public static PairMember start(String name, PairState state, ServerJournal.EntryCheck check, Activation activation,
                                   Clock clock) {
        PairMember m = new PairMember(name, state, check, activation, clock);
        m.watcher.scheduleWithFixedDelay(m::watch, 0, WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("gateway {} of a pair, standby; shared state in {}", name, state.describe());
        return m;
    }

    @Override
    public synchronized List<String> role() {
        return List.of("ok " + roleName() + " epoch " + epoch + " (" + why + ")");
    }

    @Override
    public synchronized List<String> becomeActive() {
        wanted = true;
        if (active == null) {
            takeOver("told to become active");
        }
        return active != null ? role() : List.of("error still standby: " + why);
    }

    @Override
    public synchronized List<String> becomeStandby() {
        wanted = false;
        retryAt = Optional.empty();
        standDown("told to become standby", true);
        return role();
    }

    public boolean isActive() {
        return active != null;
    }

    /** The serving gateway, while active. */
    public Optional<Gateway> gateway() {
        return Optional.ofNullable(active);
    }

    public StatusSnapshot status() {
        Gateway g = active;
        StatusSnapshot.Pair pair = new StatusSnapshot.Pair(name, g != null ? "active" : "standby", epoch, why);
        return g != null ? g.status().withPair(pair) : StatusSnapshot.standby(Duration.between(startedAt, clock.instant()),
                pair);
    }

    @Override
    public List<RunningServer> running() {
        Gateway g = active;
        return g == null ? List.of() : g.servers().running();
    }

    @Override
    public List<RunningServer> stop(Predicate<RunningServer> which) {
        Gateway g = active;
        return g == null ? List.of() : g.servers().stop(which);
    }

    private String roleName() {
        return active != null ? "active" : "standby";
    }

    private synchronized void watch() {
        PairState.EpochView newest;
        try {
            newest = state.current();
        } catch (IOException | RuntimeException e) {
            // Cannot tell: an active gateway goes on serving; its journal lines fail loudly meanwhile.
            log.debug("cannot read the pair's epoch: {}", e.toString());
            return;
        }
        if (active != null && newest.epoch() != epoch) {
            log.warn("epoch {} was taken by {} since this gateway took epoch {}: stepping down", newest.epoch(),
                    newest.holder(), epoch);
            standDown("fenced: epoch " + newest.epoch() + " taken by " + newest.holder(), false);
        } else if (active == null) {
            epoch = newest.epoch();
            // After a failed takeover (which released its own epoch) only the back-off may retry.
            boolean retryDue = retryAt.isPresent() && !clock.instant().isBefore(retryAt.get());
            if (wanted && (retryAt.isEmpty() && newest.released() || retryDue)) {
                takeOver(retryDue ? "retrying the takeover" : "epoch " + newest.epoch() + " released by " + newest.holder());
            }
        }
    }

    private void takeOver(String reason) {
        PairState.Takeover t;
        try {
            t = state.take(name, check);
        } catch (FencedException overtaken) {
            // The other gateway took a newer epoch meanwhile: it is active; wait for its release.
            why = "overtaken: " + overtaken.getMessage();
            log.warn("gateway {} stays standby: {}", name, why);
            return;
        } catch (IOException | RuntimeException e) {
            failed("cannot take an epoch: " + e.getMessage());
            return;
        }
        long started = System.nanoTime();
        try {
            active = activation.start(() -> Optional.of(ServerJournal.over(new EpochJournal(t.epoch()), t.leftovers())));
        } catch (IOException | RuntimeException e) {
            epoch = t.epoch();
            failed("cannot start serving in epoch " + t.epoch() + ": " + e.getMessage());
            release(t.epoch());
            return;
        }
        epoch = t.epoch();
        retryAt = Optional.empty();
        why = reason;
        log.info("gateway {} is active in epoch {} ({}): {} streams resumed, listeners open after {} ms", name, epoch,
                reason, t.leftovers().servers().size(), (System.nanoTime() - started) / 1_000_000);
    }

    private void failed(String problem) {
        why = problem;
        retryAt = Optional.of(clock.instant().plus(RETRY_AFTER));
        log.error("gateway {} stays standby: {}", name, problem);
    }

    /** Stops serving, leaving the journal as it is for the next active; releases the epoch if asked to. */
    private void standDown(String reason, boolean releaseEpoch) {
        Gateway g = active;
        why = reason;
        if (g == null) {
            return;
        }
        active = null;
        long started = System.nanoTime();
        g.handOver();
        if (releaseEpoch) {
            release(epoch);
        }
        log.info("gateway {} is standby after {} ms: {}", name, (System.nanoTime() - started) / 1_000_000, reason);
    }

    private void release(long e) {
        try {
            state.release(e);
        } catch (IOException ex) {
            log.warn("cannot release epoch {}: {}", e, ex.getMessage());
        }
    }

    /** Stops the watcher; an active gateway hands over (its streams stay journalled for the other). */
    @Override
    public void close() {
        watcher.shutdownNow();
        synchronized (this) {
            wanted = false;
            standDown("shut down", true);
        }
    }

    /** The journal of one epoch: a refused line makes the watcher look at once. */
    private final class EpochJournal implements ServerJournal.Store {
        private final long epoch;

        EpochJournal(long epoch) {
            this.epoch = epoch;
        }

        @Override
        public void append(String line) throws IOException {
            try {
                state.append(epoch, line);
            } catch (FencedException fenced) {
                try {
                    watcher.execute(PairMember.this::watch);
                } catch (RejectedExecutionException closing) {
                    // shutting down already: nothing left to step down from
                }
                throw fenced;
            }
        }

        @Override
        public void close() {
            // the pair state owns the file or connection
        }
    }
}
