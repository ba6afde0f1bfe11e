package org.frisbeegw.gateway.servers;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frisbeegw.wire.data.ClientStats;

/**
 * The clients of one image server, keyed by the id they joined with. A C client resends its JOIN
 * until answered, so repeated joins are one client; a LEAVE from an id that never joined (or left
 * already) changes nothing. At most {@code capacity} entries are kept: when full, the oldest
 * client that has left is forgotten first, then the oldest that never left (a node that died).
 */
public final class ClientTable {
    /** One client as the status page shows it; {@code stats} arrive with its LEAVE2. */
    public record Client(int id, InetAddress address, Instant joinedAt, Instant leftAt, int elapsedSeconds,
                  ClientStats stats) {
        public boolean active() {
            return leftAt == null;
        }
    }

    /** What a LEAVE did. */
    public enum LeaveOutcome {
        LEFT, SPURIOUS
    }

    private final int capacity;
    private final Map<Integer, Client> clients = new LinkedHashMap<>();
    private long joinedEver;

    public ClientTable(int capacity) {
        this.capacity = capacity;
    }

    /** True when this id is new (or comes back after leaving): a join to log and count. */
    public synchronized boolean join(int id, InetAddress address, Instant now) {
        Client known = clients.get(id);
        if (known != null && known.active()) {
            return false;
        }
        if (known == null && clients.size() >= capacity) {
            evictOne();
        }
        clients.remove(id);
        clients.put(id, new Client(id, address, now, null, 0, null));
        joinedEver++;
        return true;
    }

    public synchronized LeaveOutcome leave(int id, int elapsedSeconds, ClientStats stats, Instant now) {
        Client known = clients.get(id);
        if (known == null || !known.active()) {
            return LeaveOutcome.SPURIOUS;
        }
        clients.put(id, new Client(id, known.address(), known.joinedAt(), now, elapsedSeconds, stats));
        return LeaveOutcome.LEFT;
    }

    /** Clients joined and not yet left; never negative. */
    synchronized int active() {
        return (int) clients.values().stream().filter(Client::active).count();
    }

    synchronized long joinedEver() {
        return joinedEver;
    }

    synchronized List<Client> snapshot() {
        return new ArrayList<>(clients.values());
    }

    private void evictOne() {
        Integer victim = clients.values().stream().filter(c -> !c.active()).map(Client::id).findFirst()
                .orElse(clients.keySet().iterator().next());
        clients.remove(victim);
    }
}
