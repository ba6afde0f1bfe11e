package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.wire.TransferMethods;

/**
 * The master-server listener: where it binds (-i, also the server address for loopback callers),
 * its port (-p), the methods clients may use (-x), worker threads, TCP backlog, the time a
 * connection has to deliver its request, and the per-source limits.
 */
public record MasterSettings(Optional<InetAddress> bind, int port, int clientMethods, int workers, int backlog,
                             Duration requestDeadline, SourceLimits limits) {
    public static final int DEFAULT_PORT = MasterClient.DEFAULT_PORT;
    public static final int DEFAULT_METHODS = TransferMethods.UNICAST | TransferMethods.MULTICAST;
    public static final int DEFAULT_WORKERS = 16;
    public static final int DEFAULT_BACKLOG = 1024;
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(5);
    public static final MasterSettings DEFAULTS = new MasterSettings(Optional.empty(), DEFAULT_PORT, DEFAULT_METHODS,
            DEFAULT_WORKERS, DEFAULT_BACKLOG, DEFAULT_REQUEST_DEADLINE, SourceLimits.DEFAULTS);

    public MasterSettings withBind(InetAddress address) {
        return new MasterSettings(Optional.of(address), port, clientMethods, workers, backlog, requestDeadline, limits);
    }

    public MasterSettings withPort(int p) {
        return new MasterSettings(bind, p, clientMethods, workers, backlog, requestDeadline, limits);
    }

    public MasterSettings withClientMethods(int methods) {
        return new MasterSettings(bind, port, methods, workers, backlog, requestDeadline, limits);
    }

    public MasterSettings withLimits(SourceLimits l) {
        return new MasterSettings(bind, port, clientMethods, workers, backlog, requestDeadline, l);
    }
}
