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
import org.apache.mina.core.session.ExpiringSessionRecycler;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.frisbeegw.helper.DaemonThreads;
import org.frisbeegw.tmcd.TmcdService;

/**
 * tmcd's ports on MINA: TCP and UDP on each configured port (7777 and 14447 by default, as tmcd
 * opens both). Requests are answered on a worker pool, so one slow compat start never holds up
 * other nodes (tmcd's pre-forked workers did).
 */
public final class TmcdListener implements AutoCloseable {
    /** UDP requests queued at most; more are dropped (a spray must not fill the heap). */
    static final int UDP_QUEUE = 256;
    /** UDP requests in flight from one address at most. */
    static final int UDP_PER_SOURCE = 4;
    static final int UDP_SESSION_SECONDS = 5;
    private final List<IoAcceptor> acceptors;
    private final List<Integer> ports;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    /**
     * Runs the datagram acceptors' own threads. Ours, not MINA's: MINA would shutdownNow() its
     * own on dispose and interrupt an acceptor thread that is winding down, which it then logs
     * as an unexpected exception. We shut it down gracefully instead.
     */
    private final ExecutorService udpThreads;
    private final List<BoundedUdpWork> udpWork;

    private TmcdListener(List<IoAcceptor> acceptors, List<Integer> ports, ExecutorService workers,
                         ScheduledExecutorService timer, ExecutorService udpThreads, List<BoundedUdpWork> udpWork) {
        this.udpWork = udpWork;
        this.acceptors = acceptors;
        this.ports = ports;
        this.workers = workers;
        this.timer = timer;
        this.udpThreads = udpThreads;
    }

    /** Binds TCP then UDP on each port; port 0 takes an ephemeral TCP port and the same number for UDP. */
    public static TmcdListener start(TmcdService service, InetAddress bind, List<Integer> ports, int workerThreads)
            throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(workerThreads, DaemonThreads.named("tmcd-worker"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tmcd-timer"));
        ExecutorService udpThreads = Executors.newCachedThreadPool(DaemonThreads.named("tmcd-udp"));
        BoundedUdpWork udpWork = new BoundedUdpWork(workerThreads, UDP_QUEUE, UDP_PER_SOURCE);
        BoundedUdpWork relayWork = new BoundedUdpWork(workerThreads, UDP_QUEUE, UDP_PER_SOURCE);
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
                NioDatagramAcceptor udp = new NioDatagramAcceptor(udpThreads);
                udp.getSessionConfig().setReuseAddress(true);
                // A session per source address: forged sources must not pile them up for a minute.
                udp.setSessionRecycler(new ExpiringSessionRecycler(UDP_SESSION_SECONDS));
                udp.setHandler(new TmcdUdpHandler(service, udpWork, relayWork));
                acceptors.add(udp);
                udp.bind(new InetSocketAddress(bind, actual));
                bound.add(actual);
            }
        } catch (IOException | RuntimeException e) {
            acceptors.forEach(a -> a.dispose(false));
            workers.shutdownNow();
            timer.shutdownNow();
            udpThreads.shutdown();
            udpWork.close();
            relayWork.close();
            throw new IOException("cannot open tmcd ports " + ports + ": " + e.getMessage(), e);
        }
        return new TmcdListener(acceptors, bound, workers, timer, udpThreads, List.of(udpWork, relayWork));
    }

    /** The ports actually bound, TCP and UDP alike. */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    @Override
    public void close() {
        for (IoAcceptor a : acceptors) {
            a.dispose(true); // unbinds, closes sessions, waits for its threads
        }
        workers.shutdownNow();
        timer.shutdownNow();
        udpThreads.shutdown();
        udpWork.forEach(BoundedUdpWork::close);
    }
}
