package org.frisbeegw.tmcd.listener;

import java.net.InetAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.frisbeegw.helper.DaemonThreads;

/**
 * Work for UDP requests, bounded so a spray cannot back it up: a fixed number of threads, a
 * short queue, and at most {@code perSource} requests in flight from one address (UDP sources
 * can be forged, so this caps a forger's share, not an identity). What does not fit is dropped
 * and counted, as a busy tmcd would lose datagrams; when the spray ends the queue is already
 * short, so service resumes at once.
 */
final class BoundedUdpWork implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final int perSource;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    BoundedUdpWork(int threads, int queue, int perSource) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                DaemonThreads.named("tmcd-udp-worker"), new ThreadPoolExecutor.AbortPolicy());
        this.perSource = perSource;
    }

    /** Runs {@code work} for {@code source} unless that would exceed a bound; false when dropped. */
    boolean offer(InetAddress source, Runnable work) {
        AtomicInteger mine = inFlight.computeIfAbsent(source, s -> new AtomicInteger());
        if (mine.incrementAndGet() > perSource) {
            release(source, mine);
            dropped.incrementAndGet();
            return false;
        }
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } finally {
                    release(source, mine);
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            release(source, mine);
            dropped.incrementAndGet();
            return false;
        }
    }

    private void release(InetAddress source, AtomicInteger mine) {
        if (mine.decrementAndGet() <= 0) {
            inFlight.remove(source, mine);
        }
    }

    long dropped() {
        return dropped.get();
    }

    /** Addresses with work in flight (bounded by the queue and threads, whatever the spray). */
    int sources() {
        return inFlight.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
