package org.frisbeegw.gateway.listener;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.frisbeegw.helper.DaemonThreads;

/**
 * The master port's I/O loops, and which of them serves a new connection. The first loop accepts
 * (see {@link LoopAcceptingSocketAcceptor}) and keeps a connection when it serves none: one
 * request at a time then never changes thread. A connection that comes while it is busy goes to
 * the other loops in turn: under load, accepting is work enough for the first (giving it a share
 * of the connections as well measured 0.81 of mfrisbeed's rate at 64 clients, against 0.98).
 */
final class IoLoops implements AutoCloseable {
    private final ExecutorService threads;
    private final LoopAwareNioProcessor[] loops;
    /** The other loop the last busy-time connection went to; used on the first loop's thread only. */
    private int last;

    IoLoops(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one I/O loop, not " + count);
        }
        // MINA names each loop's thread after the processor class while the loop runs.
        threads = Executors.newCachedThreadPool(DaemonThreads.named("master-io"));
        loops = new LoopAwareNioProcessor[count];
        for (int i = 0; i < count; i++) {
            loops[i] = new LoopAwareNioProcessor(threads);
        }
    }

    /** The loop that accepts. */
    LoopAwareNioProcessor first() {
        return loops[0];
    }

    /** True when the first loop serves no connection; called on the first loop. */
    boolean firstIsIdle() {
        return loops[0].sessionCount() == 0;
    }

    /**
     * Where a connection the first loop has just accepted goes: the first loop itself if it was
     * idle, else the next of the others; called on the first loop.
     */
    LoopAwareNioProcessor forNewConnection(boolean firstIsIdle) {
        if (firstIsIdle || loops.length == 1) {
            return loops[0];
        }
        last = last % (loops.length - 1) + 1;
        return loops[last];
    }

    /** Ends every loop (closing its connections) and their threads. */
    @Override
    public void close() {
        for (LoopAwareNioProcessor loop : loops) {
            loop.dispose();
        }
        threads.shutdown();
    }
}
