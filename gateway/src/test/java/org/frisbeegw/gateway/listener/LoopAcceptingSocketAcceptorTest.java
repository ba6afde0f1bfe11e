package org.frisbeegw.gateway.listener;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.IoFutureListener;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;

/** The first I/O loop accepts, keeps a lone connection and spreads the ones that overlap. */
class LoopAcceptingSocketAcceptorTest {
    private static final int REPLY = 288;

    /** Replies 288 bytes to whatever comes and closes; remembers which thread read each request. */
    private static final class ThreadRecordingReply extends IoHandlerAdapter {
        final List<String> readers = new ArrayList<>();

        @Override
        public void messageReceived(IoSession session, Object message) {
            synchronized (readers) {
                readers.add(Thread.currentThread().getName());
            }
            session.write(IoBuffer.wrap(new byte[REPLY])).addListener(IoFutureListener.CLOSE);
        }
    }

    @FunctionalInterface
    private interface AcceptorTest {
        void run(LoopAcceptingSocketAcceptor acceptor, IoLoops loops) throws Exception;
    }

    private static void withAcceptor(int loopCount, IoHandlerAdapter handler, AcceptorTest test) throws Exception {
        IoLoops loops = new IoLoops(loopCount);
        LoopAcceptingSocketAcceptor acceptor = new LoopAcceptingSocketAcceptor(loops);
        try {
            acceptor.setHandler(handler);
            acceptor.setReuseAddress(true); // as MasterServerListener does
            acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
            test.run(acceptor, loops);
        } finally {
            acceptor.dispose(true);
            loops.close();
        }
    }

    /**
     * One request at a time never changes thread: the loop that accepted reads and answers. MINA's
     * own pool hands connections to its loops in turn, so three loops would take turns here.
     */
    @Test
    void connectionsOneAtATimeAreAllServedByTheLoopThatAccepts() throws Exception {
        ThreadRecordingReply handler = new ThreadRecordingReply();
        withAcceptor(3, handler, (acceptor, loops) -> {
            for (int i = 0; i < 20; i++) {
                assertEquals(REPLY, exchange(acceptor.getLocalAddress()));
            }
        });
        assertEquals(20, handler.readers.size());
        assertEquals(1, Set.copyOf(handler.readers).size(), "threads: " + handler.readers);
        assertTrue(handler.readers.get(0).startsWith(LoopAwareNioProcessor.class.getSimpleName()),
                handler.readers.get(0));
    }

    /** Connections that are open at the same time go to different loops. */
    @Test
    void connectionsThatOverlapAreSpreadOverTheLoops() throws Exception {
        ThreadRecordingReply handler = new ThreadRecordingReply();
        withAcceptor(3, handler, (acceptor, loops) -> {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    s.connect(acceptor.getLocalAddress(), 2000);
                    open.add(s);
                    int expected = i + 1;
                    await().atMost(Duration.ofSeconds(5)).until(() -> acceptor.getManagedSessionCount() == expected);
                }
                for (Socket s : open) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write('x');
                    assertEquals(REPLY, s.getInputStream().readAllBytes().length);
                }
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        });
        assertEquals(3, handler.readers.size());
        assertEquals(3, Set.copyOf(handler.readers).size(), "threads: " + handler.readers);
    }

    /** Many at once, more than one loop's worth: every one answered. */
    @Test
    void aBurstOfConnectionsIsAllAnswered() throws Exception {
        withAcceptor(3, new ThreadRecordingReply(), (acceptor, loops) -> {
            ExecutorService clients = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> replies = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    replies.add(clients.submit(() -> exchange(acceptor.getLocalAddress())));
                }
                for (Future<Integer> r : replies) {
                    assertEquals(REPLY, r.get());
                }
            } finally {
                clients.shutdownNow();
            }
        });
    }

    /** The socket sits on the loop's selector; unbinding must still release the port before it returns. */
    @Test
    void thePortIsFreeAsSoonAsTheAcceptorIsUnbound() throws Exception {
        int[] port = new int[1];
        withAcceptor(2, new ThreadRecordingReply(), (acceptor, loops) -> {
            port[0] = acceptor.getLocalAddress().getPort();
            assertEquals(REPLY, exchange(acceptor.getLocalAddress())); // hands the socket to the loop
            assertEquals(REPLY, exchange(acceptor.getLocalAddress())); // accepted on the loop
            acceptor.unbind();
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true); // as the gateway does: its closed connections leave TIME_WAITs
                again.bind(new InetSocketAddress("127.0.0.1", port[0]));
            }
        });
    }

    /**
     * An accept that fails (out of file descriptors) leaves the socket ready: the loop rests it
     * rather than trying again at every poll.
     */
    @Test
    void aFailingAcceptIsRetriedAfterAPauseNotAtEveryPoll() throws Exception {
        withAcceptor(1, new ThreadRecordingReply(), (acceptor, loops) -> {
            assertEquals(REPLY, exchange(acceptor.getLocalAddress())); // the loop runs
            try (ServerSocketChannel other = ServerSocketChannel.open();
                 Socket waiting = new Socket()) {
                other.bind(new InetSocketAddress("127.0.0.1", 0));
                other.configureBlocking(false);
                AtomicInteger tries = new AtomicInteger();
                loops.first().listen(new LoopAwareNioProcessor.Listening(other, () -> {
                    tries.incrementAndGet();
                    throw new IOException("Too many open files");
                }));
                long start = System.nanoTime();
                waiting.connect(other.getLocalAddress(), 2000);
                await().atMost(Duration.ofSeconds(5)).until(() -> tries.get() >= 3);
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsedMillis >= 150, "three tries in " + elapsedMillis + " ms: no pause between them");
                // The loop still serves its other socket meanwhile.
                assertEquals(REPLY, exchange(acceptor.getLocalAddress()));
            }
        });
    }

    private static int exchange(InetSocketAddress server) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write('x');
            InputStream in = s.getInputStream();
            return in.readAllBytes().length;
        }
    }
}
