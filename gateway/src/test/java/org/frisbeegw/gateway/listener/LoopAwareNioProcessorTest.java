package org.frisbeegw.gateway.listener;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.IoFutureListener;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.jupiter.api.Test;

/**
 * The processor wakes its selector only when the loop blocks in a poll, and otherwise leaves a
 * flag the loop reads before it blocks. A lost wake-up would not lose data: it would leave a new
 * connection or a reply waiting for MINA's one-second poll timeout, so each exchange here must
 * finish well within that.
 */
class LoopAwareNioProcessorTest {
    private static final long LOST_WAKEUP_MILLIS = 1000;

    /** Writes 2 x 144 bytes, the second from the first's messageSent (during MINA's flush), then closes. */
    private static final class TwoPartReply extends IoHandlerAdapter {
        private final ExecutorService writer;

        TwoPartReply(ExecutorService writer) {
            this.writer = writer;
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            IoBuffer in = (IoBuffer) message;
            boolean fromOtherThread = in.get() == 'w';
            Runnable reply = () -> session.write(IoBuffer.wrap(new byte[144]));
            if (fromOtherThread) {
                writer.execute(reply);
            } else {
                reply.run();
            }
        }

        @Override
        public void messageSent(IoSession session, Object message) {
            if (session.getAttribute("second") == null) {
                session.setAttribute("second", true);
                session.write(IoBuffer.wrap(new byte[144])).addListener(IoFutureListener.CLOSE);
            }
        }
    }

    /**
     * MINA tells of idleness after it has flushed for the round, so a reply written in
     * sessionIdle is the case that needs the loop to come round again at once.
     */
    @Test
    void aReplyWrittenByTheLoopAfterItsFlushLeavesAtOnce() throws Exception {
        AtomicLong writtenAt = new AtomicLong();
        withAcceptor(1, new IoHandlerAdapter() {
            @Override
            public void sessionIdle(IoSession session, IdleStatus status) {
                if (session.setAttributeIfAbsent("replied", true) == null) {
                    writtenAt.set(System.nanoTime());
                    session.write(IoBuffer.wrap(new byte[288])).addListener(IoFutureListener.CLOSE);
                }
            }
        }, acceptor -> {
            acceptor.getSessionConfig().setIdleTime(IdleStatus.READER_IDLE, 1);
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket()) {
                    s.connect(acceptor.getLocalAddress(), 2000);
                    s.setSoTimeout(5000);
                    assertEquals(288, s.getInputStream().readAllBytes().length);
                    long millis = (System.nanoTime() - writtenAt.get()) / 1_000_000;
                    assertTrue(millis < LOST_WAKEUP_MILLIS / 2, "idle reply " + i + " took " + millis
                            + " ms after it was written: the loop did not come round for it");
                }
            }
        });
    }

    /**
     * After a read that left room in the buffer the processor does not read again in that round
     * (the socket was empty); bytes that come later are read at the next poll, and a message
     * larger than the read buffer is read in full.
     */
    @Test
    void bytesThatArriveAfterAShortReadAndMoreThanABufferfulAreAllRead() throws Exception {
        AtomicLong received = new AtomicLong();
        withAcceptor(1, new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                received.addAndGet(((IoBuffer) message).remaining());
            }
        }, acceptor -> {
            acceptor.getSessionConfig().setReadBufferSize(2048);
            try (Socket s = new Socket()) {
                s.connect(acceptor.getLocalAddress(), 2000);
                s.getOutputStream().write(new byte[100]);
                await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 100);
                s.getOutputStream().write(new byte[200]);
                await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 300);
                s.getOutputStream().write(new byte[10_000]);
                await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 10_300);
            }
        });
    }

    @Test
    void repliesWrittenOnTheLoopAndFromOtherThreadsLeaveAtOnce() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            withAcceptor(2, new TwoPartReply(writer), acceptor -> {
                for (int i = 0; i < 40; i++) {
                    char how = i % 2 == 0 ? 'l' : 'w';
                    long start = System.nanoTime();
                    int got = exchange(acceptor.getLocalAddress(), how);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(288, got, "exchange " + i + " (" + how + ")");
                    assertTrue(millis < LOST_WAKEUP_MILLIS / 2, "exchange " + i + " (" + how + ") took " + millis
                            + " ms: a wake-up was lost and the reply waited for the poll timeout");
                }
            });
        } finally {
            writer.shutdownNow();
        }
    }

    /**
     * Connections handed over by the acceptor and replies written by other threads, many at once
     * and at random moments, so that wake-ups race with the loop entering and leaving its poll.
     */
    @Test
    void noWakeUpIsLostWhenManyThreadsRaceTheLoop() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            withAcceptor(2, new TwoPartReply(writers), acceptor -> {
                List<Future<Long>> slowest = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    int client = c;
                    slowest.add(clients.submit(() -> {
                        Random random = new Random(client);
                        long worst = 0;
                        for (int i = 0; i < 150; i++) {
                            long start = System.nanoTime();
                            assertEquals(288, exchange(acceptor.getLocalAddress(), random.nextBoolean() ? 'w' : 'l'));
                            worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
                            if (random.nextInt(4) == 0) {
                                LockSupport.parkNanos(random.nextInt(300_000)); // let the loop go back to sleep
                            }
                        }
                        return worst;
                    }));
                }
                for (Future<Long> f : slowest) {
                    long worst = f.get(60, TimeUnit.SECONDS);
                    assertTrue(worst < LOST_WAKEUP_MILLIS / 2, "an exchange took " + worst
                            + " ms: a wake-up was lost and it waited for the poll timeout");
                }
            });
        } finally {
            clients.shutdownNow();
            writers.shutdownNow();
        }
    }

    /** The loop outlives its connections, but not the acceptor: dispose ends every processor thread. */
    @Test
    void theIdleLoopStaysUntilTheAcceptorIsDisposedEvenWithConnectionsOpen() throws Exception {
        SimpleIoProcessorPool<NioSession> pool = new SimpleIoProcessorPool<>(LoopAwareNioProcessor.class, 2);
        NioSocketAcceptor acceptor = new NioSocketAcceptor(pool);
        acceptor.setHandler(new TwoPartReply(Executors.newSingleThreadExecutor()));
        acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
        assertEquals(288, exchange(acceptor.getLocalAddress(), 'l'));
        assertEquals(288, exchange(acceptor.getLocalAddress(), 'l'));
        assertTrue(processorThreads() >= 1, "a processor loop waits for the next connection");
        // Disposing with connections still open: MINA wakes the loop every round until they are
        // gone, and the loop must keep polling its channels meanwhile (it once did not, and spun).
        try (Socket silent = new Socket(); Socket partial = new Socket()) {
            silent.connect(acceptor.getLocalAddress(), 2000);
            partial.connect(acceptor.getLocalAddress(), 2000);
            await().atMost(Duration.ofSeconds(5)).until(() -> acceptor.getManagedSessionCount() == 2);
            // The pool first, while the sessions are open: only its loops can close them then.
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> pool.dispose());
            acceptor.dispose(true);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> processorThreads() == 0);
    }

    /** What a test does with a bound acceptor. */
    @FunctionalInterface
    private interface AcceptorTest {
        void run(NioSocketAcceptor acceptor) throws Exception;
    }

    /** Binds an acceptor on {@code loops} processor loops with {@code handler}, runs {@code test}, disposes both. */
    private static void withAcceptor(int loops, IoHandler handler, AcceptorTest test) throws Exception {
        SimpleIoProcessorPool<NioSession> pool = new SimpleIoProcessorPool<>(LoopAwareNioProcessor.class, loops);
        NioSocketAcceptor acceptor = new NioSocketAcceptor(pool);
        try {
            acceptor.setHandler(handler);
            acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
            test.run(acceptor);
        } finally {
            acceptor.dispose(true);
            pool.dispose();
        }
    }

    private static long processorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(LoopAwareNioProcessor.class.getSimpleName())).count();
    }

    /** Sends one byte saying who should write; returns the bytes read until the server closed. */
    private static int exchange(InetSocketAddress server, char how) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(how);
            InputStream in = s.getInputStream();
            return in.readAllBytes().length;
        }
    }
}
