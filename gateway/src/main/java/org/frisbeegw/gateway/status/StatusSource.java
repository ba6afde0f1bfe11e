package org.frisbeegw.gateway.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.frisbeegw.gateway.parent.CacheFetcher;
import org.frisbeegw.gateway.servers.RunningServer;
import org.frisbeegw.gateway.servers.ServerRegistry;
import org.frisbeegw.gateway.servers.TrafficTotals;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.gateway.upload.UploadRegistry;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;

/** What the status page shows, read from the running parts each time it is asked. */
public final class StatusSource implements Supplier<StatusSnapshot> {
    private final ServerRegistry servers;
    private final CacheFetcher fetcher;
    private final ImageService service;
    private final TrafficTotals traffic;
    private final Clock clock;
    private final Instant startedAt;
    private final LongSupplier refusedConnections;
    private final UploadRegistry uploads;

    /** @param refusedConnections master connections the per-source limits closed unread */
    public StatusSource(ServerRegistry servers, CacheFetcher fetcher, ImageService service, TrafficTotals traffic,
                        Clock clock, LongSupplier refusedConnections, UploadRegistry uploads) {
        this.refusedConnections = refusedConnections;
        this.uploads = uploads;
        this.servers = servers;
        this.fetcher = fetcher;
        this.service = service;
        this.traffic = traffic;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public StatusSnapshot get() {
        Instant now = clock.instant();
        List<StatusSnapshot.Server> running = servers.running().stream().map(s -> server(s, now)).toList();
        List<StatusSnapshot.Fetch> fetches = fetcher.all().stream()
                .map(f -> new StatusSnapshot.Fetch(f.imageId(), f.bytesDone().get(), f.parentStream().size())).toList();
        List<StatusSnapshot.Upload> receiving = uploads.active().stream().map(u -> new StatusSnapshot.Upload(
                u.spec().imageId(), u.spec().client().getHostAddress(), u.bytesReceived(), u.spec().maxBytes())).toList();
        return new StatusSnapshot(Duration.between(startedAt, now), service.counters(), running, fetches, receiving,
                service.recentRequests(), new StatusSnapshot.Traffic(traffic.blocksSent(), traffic.bytesSent(),
                traffic.joins(), traffic.droppedPackets()), refusedConnections.getAsLong(), Optional.empty());
    }

    private static StatusSnapshot.Server server(RunningServer s, Instant now) {
        return new StatusSnapshot.Server(s.imageId(), TransferMethods.format(s.method()), Ipv4.format(s.addr()), s.port(),
                Ipv4.format(s.servAddr()), Duration.between(s.startedAt(), now).toSeconds(),
                s.process().stats().map(x -> (long) x.activeClients()).orElse(-1L),
                s.process().stats().map(x -> x.blocksSent()).orElse(-1L),
                s.process().stats().map(x -> x.bytesSent()).orElse(-1L),
                s.process().stats().map(StatusSnapshot::clientsOf).orElse(List.of()));
    }
}
