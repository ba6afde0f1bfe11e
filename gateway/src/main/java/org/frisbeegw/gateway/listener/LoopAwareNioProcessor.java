package org.frisbeegw.gateway.listener;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>And it can accept connections itself ({@link #listen}), so that a connection the loop keeps
 * is accepted, read and answered by one thread with no hand-off (see
 * {@link LoopAcceptingSocketAcceptor}). The listening socket's key carries a {@link Listening},
 * not a session: the session iterators skip it.
 */
public final class LoopAwareNioProcessor extends NioProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(LoopAwareNioProcessor.class);
    /** How long a listening socket rests after a failed accept (out of file descriptors, say). */
    private static final long ACCEPT_PAUSE_MILLIS = 100;
    /** At most one warning this often while accepts keep failing. */
    private static final long ACCEPT_WARNING_INTERVAL_MILLIS = 10_000;

    /** Work was queued for the loop since its last poll began. */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    /** The loop is in a blocking poll, or about to enter one. */
    private volatile boolean blocking;
    /** Listening sockets to register with this loop's selector before its next poll. */
    private final Queue<Listening> toListen = new ConcurrentLinkedQueue<>();
    /** Run right after this loop's next poll, which has dropped every key cancelled before it. */
    private final Queue<Runnable> afterPoll = new ConcurrentLinkedQueue<>();
    /** Listening keys whose accepts failed, paused until {@link #acceptsPausedUntil}. */
    private final List<SelectionKey> pausedAccepts = new ArrayList<>();
    private long acceptsPausedUntil;
    /** Accepts failed since the last one that worked, and when that was last logged. */
    private int failedAccepts;
    private long lastAcceptWarning;

    /** What accepts a listening socket's connections when the loop finds it ready. */
    @FunctionalInterface
    interface AcceptTask {
        void acceptReady() throws Exception;
    }

    /** A listening socket whose connections this loop accepts. */
    record Listening(ServerSocketChannel channel, AcceptTask task) {
    }

    /** Called by MINA's processor pool. */
    public LoopAwareNioProcessor(Executor executor) {
        super(executor);
    }

    /** From its next poll on, this loop accepts {@code listening}'s connections. */
    void listen(Listening listening) {
        toListen.add(listening);
        wakeup();
    }

    /** Runs {@code task} on this loop right after its next poll. */
    void afterNextPoll(Runnable task) {
        afterPoll.add(task);
        wakeup();
    }

    @Override
    protected int select(long timeout) throws Exception {
        registerListening();
        List<Runnable> tasks = afterPoll.isEmpty() ? List.of() : takeAfterPollTasks();
        blocking = true;
        try {
            int selected = wakeRequested.getAndSet(false) || !tasks.isEmpty() ? selectNow()
                    : super.select(untilAcceptsResume(timeout));
            // Not blocking any more: sessions accepted below are handled in this round anyway.
            blocking = false;
            tasks.forEach(Runnable::run);
            acceptReady();
            return selected;
        } finally {
            blocking = false;
            // Whatever asked for this round was queued before it asked, and the loop deals with
            // its queues after this poll.
            wakeRequested.set(false);
        }
    }

    private List<Runnable> takeAfterPollTasks() {
        List<Runnable> tasks = new ArrayList<>();
        for (Runnable r; (r = afterPoll.poll()) != null; ) {
            tasks.add(r);
        }
        return tasks;
    }

    private void registerListening() throws IOException {
        for (Listening l; (l = toListen.poll()) != null; ) {
            try {
                l.channel().register(selector, SelectionKey.OP_ACCEPT, l);
            } catch (ClosedChannelException e) {
                LOG.debug("listening socket closed before its loop took it");
            }
        }
        if (!pausedAccepts.isEmpty() && System.currentTimeMillis() >= acceptsPausedUntil) {
            for (SelectionKey k : pausedAccepts) {
                if (k.isValid()) {
                    k.interestOps(SelectionKey.OP_ACCEPT);
                }
            }
            pausedAccepts.clear();
        }
    }

    /** {@code timeout}, or less if a paused listening socket is due back sooner. */
    private long untilAcceptsResume(long timeout) {
        if (pausedAccepts.isEmpty()) {
            return timeout;
        }
        // A short poll that finds nothing looks to MINA like a broken selector, unless asked for.
        wakeupCalled.set(true);
        return Math.max(1, Math.min(timeout, acceptsPausedUntil - System.currentTimeMillis()));
    }

    /** Takes the listening keys out of the selected set (they are no sessions) and accepts on them. */
    private void acceptReady() {
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey k = it.next();
            if (k.attachment() instanceof Listening l) {
                it.remove();
                if (k.isValid()) {
                    accept(k, l);
                }
            }
        }
    }

    private void accept(SelectionKey key, Listening l) {
        try {
            l.task().acceptReady();
            if (failedAccepts > 0) {
                LOG.info("accepting on {} again after {} failed accepts", address(l), failedAccepts);
                failedAccepts = 0;
                lastAcceptWarning = 0;
            }
        } catch (Exception e) {
            // Most likely out of file descriptors: the socket stays ready, so rest it rather than spin.
            failedAccepts++;
            long now = System.currentTimeMillis();
            if (now - lastAcceptWarning >= ACCEPT_WARNING_INTERVAL_MILLIS) {
                lastAcceptWarning = now;
                LOG.warn("accept on {} failed: {}; resting it {} ms after each failure ({} so far, next report in {} s)",
                        address(l), e.toString(), ACCEPT_PAUSE_MILLIS, failedAccepts,
                        ACCEPT_WARNING_INTERVAL_MILLIS / 1000);
            }
            key.interestOps(0);
            pausedAccepts.add(key);
            acceptsPausedUntil = System.currentTimeMillis() + ACCEPT_PAUSE_MILLIS;
        }
    }

    private static Object address(Listening l) {
        return l.channel().socket().getLocalSocketAddress();
    }

    /** Sessions only: MINA's own iterator would take the listening key's attachment for one. */
    @Override
    protected Iterator<NioSession> allSessions() {
        selectorLock.readLock().lock();
        try {
            List<NioSession> sessions = new ArrayList<>();
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof NioSession s) {
                    sessions.add(s);
                }
            }
            return sessions.iterator();
        } finally {
            selectorLock.readLock().unlock();
        }
    }

    /** Connections this loop serves now; called on the loop. */
    int sessionCount() {
        int n = 0;
        for (SelectionKey k : selector.keys()) {
            if (k.isValid() && k.attachment() instanceof NioSession) {
                n++;
            }
        }
        return n;
    }

    /**
     * MINA's replacement of a broken selector moves every key, taking each attachment for a
     * session: the listening keys leave first and join the new selector after it.
     */
    @Override
    protected void registerNewSelector() throws IOException {
        List<Listening> listening = new ArrayList<>();
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof Listening l) {
                listening.add(l);
                k.cancel();
            }
        }
        selector.selectNow(); // drops the cancelled keys
        super.registerNewSelector();
        toListen.addAll(listening);
        pausedAccepts.clear();
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
