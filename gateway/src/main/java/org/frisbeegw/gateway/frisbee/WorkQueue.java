package org.frisbeegw.gateway.frisbee;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Chunks waiting to be sent, first come first served. A request for a chunk already waiting is
 * merged into it (the union of wanted blocks), so many clients asking for the same chunk cost one
 * transmission, as in frisbeed's work queue.
 */
final class WorkQueue {
    /** Blocks of one chunk to send. */
    record Work(int chunk, BitSet blocks) {
    }

    private final Map<Integer, BitSet> pending = new LinkedHashMap<>();

    synchronized void add(int chunk, BitSet blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        pending.computeIfAbsent(chunk, c -> new BitSet()).or(blocks);
        notifyAll();
    }

    /** The oldest waiting chunk, or null if none arrives within the timeout. */
    synchronized Work take(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (pending.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        Map.Entry<Integer, BitSet> first = pending.entrySet().iterator().next();
        pending.remove(first.getKey());
        return new Work(first.getKey(), first.getValue());
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    synchronized int size() {
        return pending.size();
    }
}
