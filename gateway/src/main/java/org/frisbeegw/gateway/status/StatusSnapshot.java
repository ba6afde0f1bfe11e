package org.frisbeegw.gateway.status;

import java.time.Duration;
import java.util.List;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.gateway.service.RecentRequests;

/** What the status page shows, taken at one moment. */
public record StatusSnapshot(Duration uptime, ImageService.Counters counters, List<Server> servers,
                             List<Fetch> fetches, List<RecentRequests.Entry> recent) {

    /** A running image server; clients and blocks are -1 for an external frisbeed. */
    public record Server(String imageId, String method, String address, int port, String servAddr, long ageSeconds,
                         long clients, long blocksSent) {
    }

    /** A download from the parent in progress. */
    public record Fetch(String imageId, long bytesDone, long bytesTotal) {
    }
}
