package org.frisbeegw.gateway.listener;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * MINA's socket acceptor with the accepting moved onto the first I/O loop. MINA accepts on a
 * thread of its own and hands each connection to an I/O loop: at one request at a time that is
 * a cross-CPU wake-up per request, which a serial C server does not pay (the gateway answered
 * about 0.65 of C {@code mfrisbeed}'s status GETs per second at one connection). Here the first
 * loop accepts and keeps a connection while it serves no other (accept, read, answer and close
 * on one thread).
 *
 * <p>MINA's acceptor still binds and unbinds the socket and owns the sessions; it also accepts
 * the very first connection, whose session starts the first loop (MINA starts a loop only for a
 * session), and with it hands the socket over. Sessions accepted on the loop are made with
 * MINA's own session class, whose constructor MINA does not export: it is looked up once,
 * when this class loads, so a MINA without it fails at start-up, not at a connection.
 * Connections that come while the first loop is busy go to the other loops (see {@link IoLoops}).
 */
final class LoopAcceptingSocketAcceptor extends NioSocketAcceptor {
    private static final MethodHandle NEW_SOCKET_SESSION = socketSessionConstructor();
    /**
     * Connections accepted in one round while the loop is busy. Measured with 64 clients: one per
     * round made the accepting loop the bottleneck (0.72 of mfrisbeed, 0.94 with 16).
     */
    private static final int BUSY_ACCEPT_BATCH = 16;

    private final IoLoops loops;
    /** Set once the socket is handed to the first loop; read by the acceptor thread. */
    private volatile boolean handedOver;
    /** The first loop's thread, set when it accepts: MINA's accept callback serves both threads. */
    private volatile Thread loopThread;
    /** The last accept on the loop found no connection; used on the loop only. */
    private boolean drained;
    /** The first loop served no connection when this round's accepts began; used on the loop only. */
    private boolean firstWasIdle;

    LoopAcceptingSocketAcceptor(IoLoops loops) {
        super(loops.first());
        this.loops = loops;
    }

    private static MethodHandle socketSessionConstructor() {
        try {
            Class<?> session = Class.forName("org.apache.mina.transport.socket.nio.NioSocketSession");
            var constructor = session.getConstructor(IoService.class, IoProcessor.class, SocketChannel.class);
            constructor.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(constructor)
                    .asType(MethodType.methodType(NioSession.class, IoService.class, IoProcessor.class,
                            SocketChannel.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this MINA has no NioSocketSession(IoService, IoProcessor, "
                    + "SocketChannel): " + e);
        }
    }

    @Override
    protected NioSession accept(IoProcessor<NioSession> processor, ServerSocketChannel handle) throws Exception {
        if (Thread.currentThread() == loopThread) {
            return acceptOnLoop(handle);
        }
        if (handedOver) {
            return null; // the acceptor thread, woken once more by the key it has just given up
        }
        NioSession first = super.accept(loops.first(), handle);
        if (first != null) { // only this thread sets handedOver, and it was false above
            handedOver = true;
            loops.first().listen(new LoopAwareNioProcessor.Listening(handle, () -> acceptReady(handle)));
            // Once the loop has it, the socket leaves this acceptor's selector.
            handle.keyFor(selector).cancel();
        }
        return first;
    }

    /**
     * On the first loop: accepts one connection when the loop is idle (an accept that finds none
     * would be a wasted system call at one request at a time), else up to a batch: under load the
     * loop has connections of its own to serve between polls.
     */
    private void acceptReady(ServerSocketChannel handle) throws Exception {
        loopThread = Thread.currentThread();
        drained = false;
        // Sessions accepted in this round join their loops only after it, so one look serves it all.
        firstWasIdle = loops.firstIsIdle();
        processHandles(new Handles(handle, firstWasIdle ? 1 : BUSY_ACCEPT_BATCH));
    }

    private NioSession acceptOnLoop(ServerSocketChannel handle) throws Exception {
        SocketChannel channel = handle.accept();
        if (channel == null) {
            drained = true;
            return null;
        }
        try {
            return (NioSession) NEW_SOCKET_SESSION.invokeExact((IoService) this,
                    (IoProcessor<NioSession>) loops.forNewConnection(firstWasIdle), channel);
        } catch (Throwable t) {
            channel.close();
            throw t instanceof Exception e ? e : new IllegalStateException(t);
        }
    }

    /**
     * MINA closes the socket here; on the loop's selector it stays registered, and so bound, until
     * the loop's next poll, which this waits for so that the port is free when unbind returns.
     */
    @Override
    protected void close(ServerSocketChannel handle) throws Exception {
        super.close(handle);
        if (handedOver && !loops.first().isDisposing()) {
            CountDownLatch polled = new CountDownLatch(1);
            loops.first().afterNextPoll(polled::countDown);
            polled.await(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The listening socket up to {@code limit} times for MINA's {@code processHandles} (which
     * accepts once per handle it takes), or until an accept finds no connection.
     */
    private final class Handles implements Iterator<ServerSocketChannel> {
        private final ServerSocketChannel handle;
        private int taken;
        private final int limit;

        Handles(ServerSocketChannel handle, int limit) {
            this.handle = handle;
            this.limit = limit;
        }

        @Override
        public boolean hasNext() {
            return taken < limit && !drained;
        }

        @Override
        public ServerSocketChannel next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            taken++;
            return handle;
        }

        @Override
        public void remove() {
            // nothing to remove: the handle stays registered
        }
    }
}
