package org.frisbeegw.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.auth.OpenAuthorizer;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.LauncherKind;
import org.frisbeegw.gateway.config.ParentSettings;
import org.frisbeegw.gateway.config.SourceLimits;
import org.frisbeegw.gateway.emulab.EmulabDatabase;
import org.frisbeegw.gateway.emulab.EmulabDbAuthorizer;
import org.frisbeegw.gateway.emulab.EmulabPolicy;
import org.frisbeegw.gateway.frisbee.BuiltinServerLauncher;
import org.frisbeegw.gateway.frisbee.ExternalFrisbeed;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.gateway.listener.MasterServerListener;
import org.frisbeegw.gateway.listener.SourceLimiter;
import org.frisbeegw.gateway.parent.CacheFetcher;
import org.frisbeegw.gateway.parent.ParentLink;
import org.frisbeegw.gateway.parent.UpstreamImages;
import org.frisbeegw.gateway.servers.AddressAllocator;
import org.frisbeegw.gateway.servers.JournalEntryCheck;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.gateway.servers.ServerLauncher;
import org.frisbeegw.gateway.servers.ServerRegistry;
import org.frisbeegw.gateway.servers.TrafficTotals;
import org.frisbeegw.gateway.service.GetHandler;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.gateway.service.PutHandler;
import org.frisbeegw.gateway.service.ServerAddressPolicy;
import org.frisbeegw.gateway.status.AdminControl;
import org.frisbeegw.gateway.status.StatusListener;
import org.frisbeegw.gateway.status.StatusSnapshot;
import org.frisbeegw.gateway.status.StatusSource;
import org.frisbeegw.gateway.upload.AbandonedUploads;
import org.frisbeegw.gateway.upload.UploadJournal;
import org.frisbeegw.gateway.upload.UploadRegistry;
import org.frisbeegw.tmcd.listener.TmcdListener;
import org.frisbeegw.xmlrpc.listener.XmlRpcShim;

/**
 * A running gateway: every listener and what stands behind it, built from one config. Parts
 * start in this order (stores and registries, the journal's servers, the status page, the admin
 * control, the bridges, and the master port last) and stop in reverse; a failed start undoes
 * what had started and leaves the server journal as it found it.
 */
public final class Gateway implements AutoCloseable {
    /** Control network of the embedded sample site: loopback, so it can be tried on one machine. */
    static final String SAMPLE_NET = "127.0.1";

    private final Components parts;
    private final ServerRegistry servers;
    private final Listeners listeners;
    private final ImageService service;
    private final AtomicLong refusedConnections;
    private final StatusSource status;

    /**
     * Opens the server journal, which knows what it said was left over; empty when nothing is
     * journalled. A gateway on its own opens {@code --state-dir}; one of a pair takes over the
     * pair's shared journal.
     */
    @FunctionalInterface
    public interface JournalOpener {
        Optional<ServerJournal> open() throws IOException;
    }

    /** The listening parts, for their addresses. */
    private record Listeners(MasterServerListener master, Optional<TmcdListener> tmcd, Optional<XmlRpcShim> xmlrpc,
                             Optional<StatusListener> status) {
    }

    private Gateway(Components parts, ServerRegistry servers, Listeners listeners, ImageService service,
                    AtomicLong refusedConnections, StatusSource status) {
        this.status = status;
        this.parts = parts;
        this.servers = servers;
        this.listeners = listeners;
        this.service = service;
        this.refusedConnections = refusedConnections;
    }

    public static Gateway start(GatewayConfig config) throws IOException {
        return start(config, ownJournal(config));
    }

    /** Starts on a journal the caller opens (a pair's takeover). */
    public static Gateway start(GatewayConfig config, JournalOpener journal) throws IOException {
        TrafficTotals traffic = new TrafficTotals();
        ServerLauncher launcher = config.launch().launcher() == LauncherKind.EXTERNAL
                ? new ExternalFrisbeed(config.launch().frisbeed()) : new BuiltinServerLauncher(traffic, config.readableRoots());
        return start(config, launcher, traffic, journal);
    }

    /** Starts with a given launcher (the seam tests use to count or fake image servers). */
    public static Gateway start(GatewayConfig config, ServerLauncher launcher) throws IOException {
        return start(config, launcher, new TrafficTotals(), ownJournal(config));
    }

    /** Starts with a given launcher on a journal the caller opens. */
    public static Gateway start(GatewayConfig config, ServerLauncher launcher, JournalOpener journal) throws IOException {
        return start(config, launcher, new TrafficTotals(), journal);
    }

    /** The journal in --state-dir, when given. */
    private static JournalOpener ownJournal(GatewayConfig config) {
        return () -> {
            if (config.operations().stateDir().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(ServerJournal.open(config.operations().stateDir().get(), new ArrayList<>(),
                    journalCheck(config)));
        };
    }

    /** Which journal entries this config may resume: what it could have started itself. */
    public static JournalEntryCheck journalCheck(GatewayConfig config) {
        return new JournalEntryCheck(config.readableRoots(), config.launch().addressPlan());
    }

    private static Gateway start(GatewayConfig config, ServerLauncher launcher, TrafficTotals traffic,
                                 JournalOpener opener) throws IOException {
        Clock clock = Clock.systemUTC();
        AtomicLong refusedConnections = new AtomicLong();
        Components parts = new Components();
        ImageStore readable = new ImageStore(config.readableRoots());
        Optional<EmulabDatabase> db = parts.startIf(config.emulab(), "Emulab database (-C emulab)",
                emulab -> openDatabase(config));
        Authorizer authorizer = authorizer(config, readable, db);
        AddressAllocator allocator = new AddressAllocator(config.launch().addressPlan());
        Optional<ServerJournal> journal = parts.startMaybe("server journal", opener::open);
        ServerRegistry servers = parts.start("image servers", () -> new ServerRegistry(launcher, allocator,
                config.launch().startupCheck(), clock, config.launch().maxServers()), registry -> registry::abandon);
        UploadRegistry uploads = parts.start("uploads", () -> new UploadRegistry(allocator));
        journal.ifPresent(j -> carryOn(j, servers, uploads, config.readableRoots()));
        Optional<InetAddress> own = config.master().bind().filter(a -> !a.isAnyLocalAddress());
        CacheFetcher fetcher = parts.start("parent fetches", () -> new CacheFetcher(own, config.images().dirs().get(0),
                config.images().cacheMaxBytes()));
        ImageService service = service(config, authorizer, readable, servers, uploads, fetcher, clock);
        StatusSource statusSource = new StatusSource(servers, fetcher, service, traffic, clock, refusedConnections::get,
                uploads);
        Optional<StatusListener> status = parts.startIf(config.operations().statusPort(),
                "status page (--status-port " + config.operations().statusPort().orElse(0) + ")",
                port -> StatusListener.start(new InetSocketAddress(config.bridgeAddress(), port), statusSource));
        parts.startIf(config.operations().adminSocket(), "admin control (--admin-socket)",
                path -> AdminControl.start(path, servers));
        Optional<TmcdListener> tmcd = parts.startIf(config.tmcd(), "tmcd bridge (--tmcd-ports)",
                t -> TmcdBridge.start(config, t, service, config.master().port(), db));
        Optional<XmlRpcShim> xmlrpc = parts.startIf(config.xmlrpc(), "XML-RPC shim (--xmlrpc-port)",
                x -> XmlRpcBridge.start(config, x, service, config.master().port(), db));
        // The master port last: once it answers, every part of the gateway is up.
        MasterServerListener master = parts.start("master server (-i/-p " + config.master().port() + ")",
                () -> MasterServerListener.start(service, config.master(), limiter(config), refusedConnections));
        return new Gateway(parts, servers, new Listeners(master, tmcd, xmlrpc, status), service, refusedConnections,
                statusSource);
    }

    private static Authorizer authorizer(GatewayConfig config, ImageStore readable, Optional<EmulabDatabase> db) {
        Optional<ImageStore> writable = config.uploads().putDir().map(dir -> new ImageStore(List.of(dir)));
        return db.isPresent()
                ? new EmulabDbAuthorizer(db.get(), new EmulabPolicy(config.emulab().get().standardImages(),
                        config.emulab().get().innerElab(), Set.copyOf(config.proxyFrom())))
                : new OpenAuthorizer(readable, writable, config.launch().serverTimeout(), config.launch().serverArgs(),
                        config.uploads().maxSize(), config.uploads().timeout(), Set.copyOf(config.proxyFrom()));
    }

    private static ImageService service(GatewayConfig config, Authorizer authorizer, ImageStore readable,
                                        ServerRegistry servers, UploadRegistry uploads, CacheFetcher fetcher,
                                        Clock clock) {
        Optional<InetAddress> own = config.master().bind().filter(a -> !a.isAnyLocalAddress());
        ServerAddressPolicy addresses = new ServerAddressPolicy(config.master().bind());
        Optional<UpstreamImages> upstream = config.parent().map(p -> new UpstreamImages(new ParentLink(p, own), fetcher));
        return new ImageService(
                new GetHandler(config.master().clientMethods(), authorizer, readable, servers, uploads, addresses, upstream),
                new PutHandler(authorizer, readable, servers, uploads, addresses, clock,
                        config.parent().map(ParentSettings::mirror).orElse(false)));
    }

    private static SourceLimiter limiter(GatewayConfig config) {
        SourceLimits l = config.master().limits();
        return new SourceLimiter(l.maxConnections(), l.connectionsPerSource(), l.connectionRatePerSource(),
                l.connectionBurst(), Set.copyOf(config.proxyFrom()));
    }

    /**
     * Carries on from what the journal says the last gateway left: resumes its servers, removes
     * the temporaries of its unfinished uploads; journals from now on.
     */
    private static void carryOn(ServerJournal journal, ServerRegistry servers, UploadRegistry uploads, List<Path> roots) {
        servers.journalTo(journal);
        servers.resumeAll(journal.leftovers().servers());
        UploadJournal uploadJournal = uploadJournal(journal);
        uploads.journalTo(uploadJournal);
        AbandonedUploads.remove(journal.leftovers().uploads(), roots, uploadJournal);
    }

    /** The upload side of the server journal (the upload package does not know the servers package). */
    private static UploadJournal uploadJournal(ServerJournal journal) {
        return new UploadJournal() {
            @Override
            public void started(Path temporary) throws IOException {
                journal.uploadStarted(temporary);
            }

            @Override
            public void ended(Path temporary) throws IOException {
                journal.uploadEnded(temporary);
            }
        };
    }

    public InetSocketAddress masterAddress() {
        return listeners.master().localAddress();
    }

    public ServerRegistry servers() {
        return servers;
    }

    /** The status page's address, when it is on. */
    public Optional<InetSocketAddress> statusAddress() {
        return listeners.status().map(StatusListener::localAddress);
    }

    /** Master-server connections closed at once by the per-source limits. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** How many requests the master server has answered, by kind. */
    public ImageService.Counters counters() {
        return service.counters();
    }

    /** The XML-RPC shim's address, when it is on. */
    public Optional<InetSocketAddress> xmlrpcAddress() {
        return listeners.xmlrpc().map(XmlRpcShim::localAddress);
    }

    /** The tmcd bridge's bound ports (TCP and UDP alike), empty when it is off. */
    public List<Integer> tmcdPorts() {
        return listeners.tmcd().map(TmcdListener::ports).orElse(List.of());
    }

    /** What the status page shows, now. */
    public StatusSnapshot status() {
        return status.get();
    }

    /**
     * Stops as {@link #close()} does, but leaves the journal saying the image servers still run:
     * the gateway taking over resumes them on the same address and port.
     */
    public void handOver() {
        servers.handOver();
        parts.close();
    }

    /** Stops listening, then stops every image server and upload it started, then the journal and the DB. */
    @Override
    public void close() {
        parts.close();
    }

    /** The Emulab DB pool for -C emulab; the embedded default also gets the sample site. */
    private static EmulabDatabase openDatabase(GatewayConfig config) throws IOException {
        try {
            return EmulabDatabase.open(config.emulab().get().db(), config.images().dirs().get(0).toString(), SAMPLE_NET);
        } catch (SQLException e) {
            throw new IOException("cannot prepare the embedded Emulab database: " + e.getMessage(), e);
        }
    }
}
