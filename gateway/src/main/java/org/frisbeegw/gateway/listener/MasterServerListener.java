package org.frisbeegw.gateway.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.frisbeegw.gateway.config.MasterSettings;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.helper.DaemonThreads;

/**
 * The master server's TCP listener on MINA. I/O threads frame bytes and answer only what cannot
 * wait (see {@link RequestOffloadFilter}); every other request runs on a worker pool, so a
 * request that starts a server (and waits for its start-up check) never holds up anyone else's.
 */
public final class MasterServerListener implements AutoCloseable {
    private final NioSocketAcceptor acceptor;
    /** Ours, not the acceptor's: an acceptor disposes only a processor pool it made itself. */
    private final IoLoops loops;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    private MasterServerListener(NioSocketAcceptor acceptor, IoLoops loops,
                                 ExecutorService workers, ScheduledExecutorService timer) {
        this.acceptor = acceptor;
        this.loops = loops;
        this.workers = workers;
        this.timer = timer;
    }

    /** Binds {@code settings}' address and port; {@code refused} counts connections the limiter closed. */
    public static MasterServerListener start(ImageService service, MasterSettings settings, SourceLimiter limiter,
                                             AtomicLong refused) throws IOException {
        InetAddress address = settings.bind().orElse(null);
        int port = settings.port();
        Duration requestDeadline = settings.requestDeadline();
        ExecutorService workers = Executors.newFixedThreadPool(settings.workers(), DaemonThreads.named("master-worker"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("master-deadline"));
        // MINA's default pool size (cores + 1); one processor or two measured no faster.
        IoLoops loops = new IoLoops(Runtime.getRuntime().availableProcessors() + 1);
        NioSocketAcceptor acceptor = new LoopAcceptingSocketAcceptor(loops);
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(settings.backlog());
        acceptor.getFilterChain().addLast("flood", new FloodControlFilter(limiter, refused));
        acceptor.getFilterChain().addLast("codec", new ProtocolCodecFilter(new MasterCodecFactory()));
        acceptor.getFilterChain().addLast("workers", new RequestOffloadFilter(workers, service::answersAtOnce));
        acceptor.setHandler(new MasterRequestHandler(service, new ProxiedHostLimiter(
                settings.limits().connectionRatePerSource(), settings.limits().connectionBurst())));
        RequestDeadlines deadlines = new RequestDeadlines(requestDeadline, acceptor::getManagedSessions);
        timer.scheduleAtFixedRate(deadlines, deadlines.period().toMillis(), deadlines.period().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            acceptor.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            acceptor.dispose();
            loops.close();
            workers.shutdownNow();
            timer.shutdownNow();
            throw new IOException("cannot listen on " + (address == null ? "*" : address.getHostAddress()) + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return new MasterServerListener(acceptor, loops, workers, timer);
    }

    public InetSocketAddress localAddress() {
        return acceptor.getLocalAddress();
    }

    @Override
    public void close() {
        acceptor.unbind();
        acceptor.dispose(true);
        loops.close();
        workers.shutdownNow();
        timer.shutdownNow();
    }
}
