package org.frisbeegw.gateway.frisbee;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one image server, for logs and the status listener. */
public final class ServerStats {
    final AtomicLong joins = new AtomicLong();
    final AtomicLong leaves = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong blocksSent = new AtomicLong();
    final AtomicLong badPackets = new AtomicLong();

    public long joins() {
        return joins.get();
    }

    public long requests() {
        return requests.get();
    }

    public long blocksSent() {
        return blocksSent.get();
    }

    public long leaves() {
        return leaves.get();
    }

    public long badPackets() {
        return badPackets.get();
    }

    @Override
    public String toString() {
        return "joins=" + joins + " leaves=" + leaves + " requests=" + requests + " blocks=" + blocksSent
                + " bad=" + badPackets;
    }
}
