package org.frisbeegw.gateway.listener;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.transport.socket.nio.NioProcessor;

/**
 * MINA's NIO processor without the selector wake-up it sends itself. MINA wakes the selector
 * whenever a session is flushed or removed, so that the loop comes round again; when the caller
 * is the loop's own thread (a reply written and its connection closed by the handler on the I/O
 * thread, the master server's usual case) the loop is not asleep, and the wake-up costs an
 * eventfd write, an extra poll and a read per request for nothing. This processor notes such a
 * wake-up instead and makes the next poll wait at most a millisecond, which is what the wake-up
 * would have achieved. A wake-up from any other thread goes to the selector as before.
 *
 * <p>It also keeps its loop running while it has no connection. MINA ends the loop when the
 * last session goes and starts it again on a pool thread for the next one: at one request at a
 * time that is a thread hand-off and two thread renames per request. Kept, the idle loop wakes
 * once a second (MINA's idle check); it still ends when the acceptor is disposed.
 */
public final class LoopAwareNioProcessor extends NioProcessor {
    /** The thread running the loop: set at each poll (the loop may move to another pool thread). */
    private volatile Thread loop;
    private final AtomicBoolean selfWoken = new AtomicBoolean();

    /** Called by MINA's processor pool. */
    public LoopAwareNioProcessor(Executor executor) {
        super(executor);
    }

    @Override
    protected int select(long timeout) throws Exception {
        loop = Thread.currentThread();
        // Woken by itself: come round at once for the queued flushes and removals, as after a
        // wake-up, but still poll (briefly), so that a loop that wakes itself every round (MINA
        // does while disposing) keeps seeing its channels.
        return super.select(selfWoken.getAndSet(false) ? 1 : timeout);
    }

    /** Never zero while the pool lives, so the loop does not end between connections. */
    @Override
    protected int allSessionsCount() {
        int n = super.allSessionsCount();
        return n == 0 && !isDisposing() ? 1 : n;
    }

    @Override
    protected void wakeup() {
        if (Thread.currentThread() == loop) {
            wakeupCalled.set(true);
            selfWoken.set(true);
        } else {
            super.wakeup();
        }
    }
}
