package org.frisbeegw.tmcd.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.frisbeegw.tmcd.TmcdService;

/**
 * tmcd's ports on MINA: TCP and UDP on each configured port (7777 and 14447 by default, as tmcd
 * opens both). Requests are answered on a worker pool, so one slow compat start never holds up
 * other nodes (tmcd's pre-forked workers did).
 */
public final class TmcdListener implements AutoCloseable {
    private final List<IoAcceptor> acceptors;
    private final List<Integer> ports;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    private TmcdListener(List<IoAcceptor> acceptors, List<Integer> ports, ExecutorService workers,
                         ScheduledExecutorService timer) {
        this.acceptors = acceptors;
        this.ports = ports;
        this.workers = workers;
        this.timer = timer;
    }

    /** Binds TCP then UDP on each port; port 0 takes an ephemeral TCP port and the same number for UDP. */
    public static TmcdListener start(TmcdService service, InetAddress bind, List<Integer> ports, int workerThreads)
            throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(workerThreads, daemon("tmcd-worker"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("tmcd-timer"));
        List<IoAcceptor> acceptors = new ArrayList<>();
        List<Integer> bound = new ArrayList<>();
        try {
            for (int port : ports) {
                NioSocketAcceptor tcp = new NioSocketAcceptor();
                tcp.setReuseAddress(true);
                tcp.setBacklog(256);
                tcp.setHandler(new TmcdTcpHandler(service, workers, timer));
                acceptors.add(tcp);
                tcp.bind(new InetSocketAddress(bind, port));
                int actual = tcp.getLocalAddress().getPort();
                NioDatagramAcceptor udp = new NioDatagramAcceptor();
                udp.getSessionConfig().setReuseAddress(true);
                udp.setHandler(new TmcdUdpHandler(service, workers));
                acceptors.add(udp);
                udp.bind(new InetSocketAddress(bind, actual));
                bound.add(actual);
            }
        } catch (IOException | RuntimeException e) {
            acceptors.forEach(a -> a.dispose(false));
            workers.shutdownNow();
            timer.shutdownNow();
            throw new IOException("cannot open tmcd ports " + ports + ": " + e.getMessage(), e);
        }
        return new TmcdListener(acceptors, bound, workers, timer);
    }

    /** The ports actually bound, TCP and UDP alike. */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    @Override
    public void close() {
        for (IoAcceptor a : acceptors) {
            // No separate unbind(): after one, MINA's datagram acceptor thread parks on a semaphore
            // and dispose's shutdownNow() interrupts it, which MINA logs as an unexpected exception.
            // dispose() unbinds everything itself.
            a.dispose(true);
        }
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
