package org.frisbeegw.gateway.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.frisbeegw.gateway.servers.ClientTable;
import org.frisbeegw.gateway.servers.ServerStats;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.gateway.service.RecentRequests;

/** What the status page shows, taken at one moment. */
public record StatusSnapshot(Duration uptime, ImageService.Counters counters, List<Server> servers,
                             List<Fetch> fetches, List<Upload> uploads, List<RecentRequests.Entry> recent,
                             Traffic traffic, long refusedConnections, Optional<Pair> pair) {

    /** What a gateway of a pair shows before it is active: no servers, no counters, its role. */
    public static StatusSnapshot standby(Duration uptime, Pair pair) {
        return new StatusSnapshot(uptime, new ImageService.Counters(0, 0, 0, Map.of()), List.of(), List.of(), List.of(),
                List.of(), new Traffic(0, 0, 0, 0), 0, Optional.of(pair));
    }

    public StatusSnapshot withPair(Pair p) {
        return new StatusSnapshot(uptime, counters, servers, fetches, uploads, recent, traffic, refusedConnections,
                Optional.of(p));
    }

    /**
     * This gateway's place in a pair ({@code --pair}): its name, its role (active or standby),
     * the epoch it holds or last saw, and why it has that role.
     */
    public record Pair(String member, String role, long epoch, String why) {
    }

    /**
     * A running image server; clients (joined, not yet left) and blocks/bytes are -1 for an
     * external frisbeed, which reports nothing to us.
     */
    public record Server(String imageId, String method, String address, int port, String servAddr, long ageSeconds,
                         long clients, long blocksSent, long bytesSent, List<Client> clientRows) {
    }

    /** One client of a server: joined when, left when, and what its LEAVE2 reported. */
    public record Client(String address, long id, boolean active, long elapsedSeconds, long bytesWritten,
                         long reRequests, long duplicateBlocks) {
    }

    /** A download from the parent in progress. */
    public record Fetch(String imageId, long bytesDone, long bytesTotal) {
    }

    /** An upload waiting for or receiving its bytes; {@code bytesExpected} is the announced size or the limit. */
    public record Upload(String imageId, String client, long bytesReceived, long bytesExpected) {
    }

    /** Gateway-wide counters of the built-in servers; they only grow, past any server's exit. */
    public record Traffic(long blocksSent, long bytesSent, long joins, long droppedPackets) {
    }

    /** The status rows of one server's clients (stats fields 0 until the client's LEAVE2). */
    public static List<Client> clientsOf(ServerStats stats) {
        return stats.clients().stream().map(StatusSnapshot::row).toList();
    }

    private static Client row(ClientTable.Client c) {
        var s = c.stats();
        return new Client(c.address().getHostAddress(), Integer.toUnsignedLong(c.id()), c.active(), c.elapsedSeconds(),
                s == null ? 0 : s.bytesWritten(), s == null ? 0 : s.reRequests(), s == null ? 0 : s.duplicateBlocks());
    }
}
