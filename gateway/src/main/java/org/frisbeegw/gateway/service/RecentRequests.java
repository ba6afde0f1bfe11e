package org.frisbeegw.gateway.service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last requests the master server answered, newest last, for the status page. */
public final class RecentRequests {
    /** One answered request. */
    public record Entry(Instant at, String caller, String operation, String imageId, String outcome, String why) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RecentRequests(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Entry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    public synchronized List<Entry> snapshot() {
        return new ArrayList<>(entries);
    }
}
