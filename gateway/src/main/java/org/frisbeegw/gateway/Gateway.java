package org.frisbeegw.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import org.frisbeegw.gateway.status.StatusListener;
import org.frisbeegw.gateway.status.StatusSnapshot;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.auth.OpenAuthorizer;
import org.frisbeegw.gateway.db.EmulabDatabase;
import org.frisbeegw.gateway.db.EmulabDbAuthorizer;
import org.frisbeegw.gateway.db.EmulabPolicy;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.LauncherKind;
import org.frisbeegw.gateway.config.ParentSettings;
import org.frisbeegw.gateway.frisbee.BuiltinServerLauncher;
import org.frisbeegw.gateway.frisbee.TrafficTotals;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.gateway.listener.MasterServerListener;
import org.frisbeegw.gateway.listener.SourceLimiter;
import org.frisbeegw.gateway.parent.CacheFetcher;
import org.frisbeegw.gateway.parent.ParentLink;
import org.frisbeegw.gateway.parent.UpstreamImages;
import org.frisbeegw.gateway.servers.AddressAllocator;
import org.frisbeegw.gateway.servers.ExternalFrisbeed;
import org.frisbeegw.gateway.servers.ServerLauncher;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.gateway.servers.ServerRegistry;
import org.frisbeegw.gateway.service.GetHandler;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.gateway.service.PutHandler;
import org.frisbeegw.gateway.service.ServerAddressPolicy;
import org.frisbeegw.gateway.upload.UploadRegistry;
import org.frisbeegw.tmcd.listener.TmcdListener;
import org.frisbeegw.xmlrpc.XmlRpcShim;

/** A running gateway: every listener and what stands behind it, built from one config. */
public final class Gateway implements AutoCloseable {
    /** Control network of the embedded sample site: loopback, so it can be tried on one machine. */
    static final String SAMPLE_NET = "127.0.1";
    private final ServerRegistry servers;
    private final UploadRegistry uploads;
    private final MasterServerListener master;
    private final Optional<TmcdListener> tmcd;
    private final Optional<XmlRpcShim> xmlrpc;
    private final Optional<EmulabDatabase> db;
    private final CacheFetcher fetcher;
    private final ImageService service;
    private final Clock clock;
    private final Instant startedAt;
    private final TrafficTotals traffic;
    private Optional<StatusListener> status = Optional.empty();
    private Optional<ServerJournal> journal = Optional.empty();
    private java.util.concurrent.atomic.AtomicLong refusedConnections = new java.util.concurrent.atomic.AtomicLong();

    private Gateway(ServerRegistry servers, UploadRegistry uploads, MasterServerListener master,
                    Optional<TmcdListener> tmcd, Optional<XmlRpcShim> xmlrpc, Optional<EmulabDatabase> db,
                    CacheFetcher fetcher, ImageService service, Clock clock, TrafficTotals traffic) {
        this.clock = clock;
        this.traffic = traffic;
        this.startedAt = clock.instant();
        this.db = db;
        this.fetcher = fetcher;
        this.service = service;
        this.servers = servers;
        this.uploads = uploads;
        this.master = master;
        this.tmcd = tmcd;
        this.xmlrpc = xmlrpc;
    }

    public static Gateway start(GatewayConfig config) throws IOException {
        TrafficTotals traffic = new TrafficTotals();
        ServerLauncher launcher = config.launcher() == LauncherKind.EXTERNAL
                ? new ExternalFrisbeed(config.frisbeedBinary()) : new BuiltinServerLauncher(traffic, config.readableRoots());
        return start(config, launcher, traffic);
    }

    /** Starts with a given launcher (the seam tests use to count or fake image servers). */
    public static Gateway start(GatewayConfig config, ServerLauncher launcher) throws IOException {
        return start(config, launcher, new TrafficTotals());
    }

    private static Gateway start(GatewayConfig config, ServerLauncher launcher, TrafficTotals traffic)
            throws IOException {
        Clock clock = Clock.systemUTC();
        java.util.concurrent.atomic.AtomicLong refusedConnections = new java.util.concurrent.atomic.AtomicLong();
        ImageStore readable = new ImageStore(config.readableRoots());
        Optional<ImageStore> writable = config.putDir().map(dir -> new ImageStore(java.util.List.of(dir)));
        Optional<EmulabDatabase> db = openDatabase(config);
        Authorizer authorizer = db.isPresent()
                ? new EmulabDbAuthorizer(db.get(), new EmulabPolicy(config.emulab().get().standardImages(),
                        config.emulab().get().innerElab(), java.util.Set.copyOf(config.proxyFrom())))
                : new OpenAuthorizer(readable, writable, config.serverTimeout(), config.serverArgs(),
                        config.putMaxSize(), config.putTimeout(), java.util.Set.copyOf(config.proxyFrom()));
        AddressAllocator allocator = new AddressAllocator(config.addressPlan());
        ServerRegistry servers = new ServerRegistry(launcher, allocator, config.startupCheck(), clock,
                config.limits().maxServers());
        UploadRegistry uploads = new UploadRegistry(allocator);
        ServerAddressPolicy addresses = new ServerAddressPolicy(config.bindAddress());
        Optional<InetAddress> own = config.bindAddress().filter(a -> !a.isAnyLocalAddress());
        CacheFetcher fetcher = new CacheFetcher(own, config.imageDirs().get(0), config.limits().maxCacheBytes());
        Optional<UpstreamImages> upstream = config.parent().map(p -> new UpstreamImages(new ParentLink(p, own), fetcher));
        ImageService service = new ImageService(
                new GetHandler(config.clientMethods(), authorizer, readable, servers, uploads, addresses, upstream),
                new PutHandler(authorizer, readable, servers, uploads, addresses, clock,
                        config.parent().map(ParentSettings::mirror).orElse(false)));
        MasterServerListener master = null;
        Optional<TmcdListener> tmcd = Optional.empty();
        Optional<ServerJournal> journal = Optional.empty();
        try {
            journal = openJournal(config, servers);
            master = MasterServerListener.start(service, config.bindAddress().orElse(null), config.port(),
                    config.workerThreads(), config.backlog(), config.requestDeadline(),
                    new SourceLimiter(config.limits().maxConnections(), config.limits().connectionsPerSource(),
                            config.limits().connectionRatePerSource(),
                            config.limits().connectionBurst()), refusedConnections);
            int masterPort = master.localAddress().getPort();
            if (config.tmcd().isPresent()) {
                tmcd = Optional.of(TmcdBridge.start(config, config.tmcd().get(), masterPort, db));
            }
            Optional<XmlRpcShim> xmlrpc = config.xmlrpc().isPresent()
                    ? Optional.of(XmlRpcBridge.start(config, config.xmlrpc().get(), masterPort, db)) : Optional.empty();
            Gateway gateway = new Gateway(servers, uploads, master, tmcd, xmlrpc, db, fetcher, service, clock,
                    traffic);
            gateway.refusedConnections = refusedConnections;
            gateway.journal = journal;
            if (config.statusPort().isPresent()) {
                gateway.status = Optional.of(StatusListener.start(
                        new InetSocketAddress(config.bridgeAddress(), config.statusPort().get()), gateway::snapshot));
            }
            return gateway;
        } catch (IOException e) {
            servers.close();
            closeJournal(journal);
            fetcher.close();
            db.ifPresent(EmulabDatabase::close);
            tmcd.ifPresent(TmcdListener::close);
            if (master != null) {
                master.close();
            }
            servers.close();
            uploads.close();
            throw e;
        }
    }

    public InetSocketAddress masterAddress() {
        return master.localAddress();
    }

    public ServerRegistry servers() {
        return servers;
    }

    /** The status page's address, when it is on. */
    public Optional<InetSocketAddress> statusAddress() {
        return status.map(StatusListener::localAddress);
    }

    /** What the status page shows now. */
    StatusSnapshot snapshot() {
        Instant now = clock.instant();
        java.util.List<StatusSnapshot.Server> running = servers.running().stream().map(s -> new StatusSnapshot.Server(
                s.imageId(), TransferMethods.format(s.method()), Ipv4.format(s.addr()), s.port(), Ipv4.format(s.servAddr()),
                java.time.Duration.between(s.startedAt(), now).toSeconds(),
                s.process().stats().map(x -> (long) x.activeClients()).orElse(-1L),
                s.process().stats().map(x -> x.blocksSent()).orElse(-1L),
                s.process().stats().map(x -> x.bytesSent()).orElse(-1L),
                s.process().stats().map(StatusSnapshot::clientsOf).orElse(java.util.List.of()))).toList();
        java.util.List<StatusSnapshot.Fetch> fetches = fetcher.all().stream().map(f -> new StatusSnapshot.Fetch(f.imageId(),
                f.bytesDone().get(), f.parentStream().size())).toList();
        return new StatusSnapshot(java.time.Duration.between(startedAt, now), service.counters(), running, fetches,
                service.recentRequests(), new StatusSnapshot.Traffic(traffic.blocksSent(), traffic.bytesSent(),
                traffic.joins(), traffic.droppedPackets()));
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
        return xmlrpc.map(XmlRpcShim::localAddress);
    }

    /** The tmcd bridge's bound ports (TCP and UDP alike), empty when it is off. */
    public java.util.List<Integer> tmcdPorts() {
        return tmcd.map(TmcdListener::ports).orElse(java.util.List.of());
    }

    /** Stops listening, then stops every image server and upload it started. */
    @Override
    public void close() {
        status.ifPresent(StatusListener::close);
        xmlrpc.ifPresent(XmlRpcShim::close);
        tmcd.ifPresent(TmcdListener::close);
        master.close();
        fetcher.close();
        uploads.close();
        servers.close();
        closeJournal(journal);
        db.ifPresent(EmulabDatabase::close);
    }

    /** Opens the server journal and resumes what it says was running when the gateway last died. */
    private static Optional<ServerJournal> openJournal(GatewayConfig config, ServerRegistry servers) throws IOException {
        if (config.stateDir().isEmpty()) {
            return Optional.empty();
        }
        java.util.List<ServerJournal.Entry> unfinished = new java.util.ArrayList<>();
        ServerJournal journal = ServerJournal.open(config.stateDir().get(), unfinished,
                new org.frisbeegw.gateway.servers.JournalEntryCheck(config.readableRoots(), config.addressPlan()));
        servers.journalTo(journal);
        for (ServerJournal.Entry e : unfinished) {
            servers.resume(e);
        }
        return Optional.of(journal);
    }

    private static void closeJournal(Optional<ServerJournal> journal) {
        journal.ifPresent(j -> {
            try {
                j.close();
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("closing the server journal: {}", e.getMessage());
            }
        });
    }

    /** The Emulab DB pool for -C emulab; the embedded default also gets the sample site. */
    private static Optional<EmulabDatabase> openDatabase(GatewayConfig config) throws IOException {
        if (config.emulab().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EmulabDatabase.open(config.emulab().get().db(), config.imageDirs().get(0).toString(),
                    SAMPLE_NET));
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot prepare the embedded Emulab database: " + e.getMessage(), e);
        }
    }
}
