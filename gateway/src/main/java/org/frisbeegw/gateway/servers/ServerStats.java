package org.frisbeegw.gateway.servers;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and clients of one image server, for logs and the status listener. */
public final class ServerStats {
    /** Why a received packet was not acted on. */
    public enum Drop {
        /** §4 receive checks, as C PacketReceive. */
        BAD_LENGTH, BAD_SOURCE, BAD_PORT,
        /** C PacketValid: unknown type/subtype, datalen below the body size. */
        MALFORMED,
        /** Request checks against the file ({@link org.frisbeegw.wire.data.FileGeometry}). */
        CHUNK_OUT_OF_RANGE, BLOCK_OUT_OF_RANGE, ZERO_COUNT, PAST_CHUNK_END, PAST_FILE_END,
        /** JOIN v1 for a file that is not a whole number of MiB: C ignores it, so do we. */
        JOIN_V1_NOT_IMAGE,
        /** A packet whose handling failed unexpectedly; logged, and serving goes on. */
        INTERNAL_ERROR
    }

    private static final int CLIENTS_KEPT = 4096;

    private final AtomicLong leaves = new AtomicLong();
    private final AtomicLong spuriousLeaves = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong blocksSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final Map<Drop, AtomicLong> drops = new EnumMap<>(Drop.class);
    private final ClientTable clients = new ClientTable(CLIENTS_KEPT);
    private final TrafficTotals totals;

    public ServerStats(TrafficTotals totals) {
        this.totals = totals;
        for (Drop d : Drop.values()) {
            drops.put(d, new AtomicLong());
        }
    }

    public ClientTable clientTable() {
        return clients;
    }

    public void count(Drop why) {
        drops.get(why).incrementAndGet();
        totals.droppedPackets.incrementAndGet();
    }

    public void sent(int payloadBytes) {
        blocksSent.incrementAndGet();
        bytesSent.addAndGet(payloadBytes);
        totals.blocksSent.incrementAndGet();
        totals.bytesSent.addAndGet(payloadBytes);
    }

    /** A LEAVE from a client that had joined. */
    public void left() {
        leaves.incrementAndGet();
    }

    /** A LEAVE from a client id that had not joined (or had left): counted, nothing else. */
    public void spuriousLeave() {
        spuriousLeaves.incrementAndGet();
    }

    /** A REQUEST or PREQUEST that passed the checks. */
    public void requested() {
        requests.incrementAndGet();
    }

    public void joined() {
        totals.joins.incrementAndGet();
    }

    /** Distinct clients that joined (a resent JOIN is the same client). */
    public long joins() {
        return clients.joinedEver();
    }

    /** Clients joined and not yet left: never negative, whatever LEAVEs arrive. */
    public int activeClients() {
        return clients.active();
    }

    public List<ClientTable.Client> clients() {
        return clients.snapshot();
    }

    public long requests() {
        return requests.get();
    }

    public long blocksSent() {
        return blocksSent.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long leaves() {
        return leaves.get();
    }

    /** LEAVEs from ids that had not joined or had left already: ignored. */
    public long spuriousLeaves() {
        return spuriousLeaves.get();
    }

    public long dropped(Drop why) {
        return drops.get(why).get();
    }

    /** All packets dropped, whatever the reason. */
    public long badPackets() {
        return drops.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public String toString() {
        return "joins=" + joins() + " active=" + activeClients() + " leaves=" + leaves + " requests=" + requests
                + " blocks=" + blocksSent + " dropped=" + badPackets();
    }
}
