package org.frisbeegw.gateway.listener;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * MINA's NIO processor, woken only when it sleeps. MINA wakes the selector for every new
 * connection the acceptor hands over and every flush or close, whether or not the loop is
 * blocked in a poll: an eventfd write, an extra poll and a read each time, and the JDK selector
 * takes a lock for both the wake-up and the clearing of it, so the acceptor and the loop queued
 * on that lock (a futex wait) about once per request. Here a wake-up is a flag; the selector is
 * woken for real only when the loop is in, or entering, a blocking poll. The loop publishes that
 * it is about to block and then looks at the flag, the waker sets the flag and then looks
 * whether the loop blocks: one of the two always sees the other (both are volatile), so no
 * wake-up is lost. A loop that finds the flag set polls without waiting instead (a poll, not a
 * skip: cancelled keys leave a selector only at a poll, which disposal waits for).
 *
 * <p>It also keeps its loop running while it has no connection. MINA ends the loop when the
 * last session goes and starts it again on a pool thread for the next one: at one request at a
 * time that is a thread hand-off and two thread renames per request. Kept, the idle loop wakes
 * once a second (MINA's idle check); it still ends when the acceptor is disposed.
 *
 * <p>And it skips the read that can only find nothing. MINA reads a ready socket until a read
 * returns nothing; but a TCP read that left room in the buffer has already taken everything
 * queued, so the read after it is a system call that returns EAGAIN (one per request). Whatever
 * arrives after the short read is still read: the socket stays ready for the next poll.
 */
public final class LoopAwareNioProcessor extends NioProcessor {
    /** Work was queued for the loop since its last poll began. */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    /** The loop is in a blocking poll, or about to enter one. */
    private volatile boolean blocking;

    /** Called by MINA's processor pool. */
    public LoopAwareNioProcessor(Executor executor) {
        super(executor);
    }

    @Override
    protected int select(long timeout) throws Exception {
        blocking = true;
        try {
            if (wakeRequested.getAndSet(false)) {
                return selectNow();
            }
            return super.select(timeout);
        } finally {
            blocking = false;
            // Whatever asked for this round was queued before it asked, and the loop deals with
            // its queues after this poll.
            wakeRequested.set(false);
        }
    }

    private int selectNow() throws Exception {
        selectorLock.readLock().lock();
        try {
            return selector.selectNow();
        } finally {
            selectorLock.readLock().unlock();
        }
    }

    /** Never zero while the pool lives, so the loop does not end between connections. */
    @Override
    protected int allSessionsCount() {
        int n = super.allSessionsCount();
        return n == 0 && !isDisposing() ? 1 : n;
    }

    @Override
    protected int read(NioSession session, IoBuffer buf) throws Exception {
        // MINA calls again only after a read that did not fill the buffer (see the class comment).
        return buf.position() > 0 ? 0 : super.read(session, buf);
    }

    @Override
    protected void wakeup() {
        // MINA reads wakeupCalled to tell a requested early return from a broken selector.
        wakeupCalled.set(true);
        wakeRequested.set(true);
        if (blocking) {
            super.wakeup();
        }
    }
}
