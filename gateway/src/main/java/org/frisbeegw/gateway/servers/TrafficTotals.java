package org.frisbeegw.gateway.servers;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway-wide data-path counters that only ever grow: every built-in server adds to them as it
 * sends, so they keep what servers that have exited sent (Prometheus counters, not gauges).
 */
public final class TrafficTotals {
    final AtomicLong blocksSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong droppedPackets = new AtomicLong();
    final AtomicLong joins = new AtomicLong();

    public long blocksSent() {
        return blocksSent.get();
    }

    /** UDP payload bytes of the BLOCKs sent. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Packets dropped by the receive checks or the request checks, all servers. */
    public long droppedPackets() {
        return droppedPackets.get();
    }

    /** Distinct client joins, all servers. */
    public long joins() {
        return joins.get();
    }
}
