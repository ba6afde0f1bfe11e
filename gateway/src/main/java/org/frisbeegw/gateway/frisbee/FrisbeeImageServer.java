package org.frisbeegw.gateway.frisbee;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.gateway.servers.ClientTable;
import org.frisbeegw.gateway.servers.ServerStats;
import org.frisbeegw.gateway.servers.TrafficTotals;
import org.frisbeegw.helper.data.DataSockets;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.data.ClientStats;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FileGeometry;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.frisbeegw.wire.data.ReceiveCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in frisbeed: serves one file over the Frisbee UDP protocol, as C peers expect it
 * (frisbee-data-protocol.md §12). A receiver thread applies C's receive checks, answers
 * JOIN/JOIN2 at once (a C client takes a JOIN2 reply only as the first packet it reads within
 * 30 ms), records LEAVE/LEAVE2 and queues checked REQUEST/PREQUEST work; a sender thread reads the
 * queued blocks and sends them, paced, to the group, broadcast address or unicast client. Every
 * packet leaves from servaddr at the data port with srcip = servaddr. Where C aborts or reads
 * past the end, the packet is dropped and counted. It ends after the inactivity timeout with
 * status 0, on an I/O failure with 1, or when stopped.
 */
public final class FrisbeeImageServer {
    /** Exit statuses as frisbeed's, which the registry understands. */
    public static final int EXIT_IDLE = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_ADDRESS_IN_USE = 98;
    public static final int EXIT_STOPPED = 143;

    private static final Logger log = LoggerFactory.getLogger(FrisbeeImageServer.class);
    private static final long SELECT_MILLIS = 250;

    private final ServerSettings settings;
    private final FileChannel file;
    private final FileGeometry geometry;
    private final DataSockets sockets;
    private final InetSocketAddress destination;
    private final WorkQueue work = new WorkQueue();
    private final ServerStats stats;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final String name;
    private volatile long lastActivity = System.nanoTime();

    private FrisbeeImageServer(ServerSettings settings, FileChannel file, DataSockets sockets, TrafficTotals totals)
            throws IOException {
        this.settings = settings;
        this.file = file;
        this.geometry = new FileGeometry(file.size());
        this.sockets = sockets;
        this.stats = new ServerStats(totals);
        this.destination = new InetSocketAddress(settings.destination(), sockets.port());
        this.name = settings.destination().getHostAddress() + ":" + sockets.port();
    }

    /** Opens the file and sockets and starts serving; a port already taken is a BindException. */
    public static FrisbeeImageServer start(ServerSettings settings) throws IOException {
        return start(settings, new TrafficTotals());
    }

    /** As {@link #start(ServerSettings)}, adding what it sends to the gateway's {@code totals}. */
    public static FrisbeeImageServer start(ServerSettings settings, TrafficTotals totals) throws IOException {
        return start(settings, totals, FileChannel.open(settings.file(), StandardOpenOption.READ));
    }

    /** Serves the already opened {@code file} (the one that was checked); it is closed when the server ends. */
    public static FrisbeeImageServer start(ServerSettings settings, TrafficTotals totals, FileChannel file)
            throws IOException {
        DataSockets sockets;
        try {
            sockets = DataSockets.open(settings.servAddr(), settings.port(), settings.destination(),
                    settings.broadcast(), 512 * 1024);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        FrisbeeImageServer server = new FrisbeeImageServer(settings, file, sockets, totals);
        server.startThreads();
        return server;
    }

    private void startThreads() {
        Thread rx = new Thread(this::receiveLoop, "frisbee-rx " + name);
        Thread tx = new Thread(this::sendLoop, "frisbee-tx " + name);
        rx.setDaemon(true);
        tx.setDaemon(true);
        rx.start();
        tx.start();
        log.info("image server {} serving {} ({} bytes, {} chunks) from {}{}", name, settings.file(), geometry.bytes(),
                geometry.chunks(), settings.servAddr().getHostAddress(), settings.broadcast() ? ", broadcast" : "");
    }

    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** The UDP port it serves on. */
    public int port() {
        return sockets.port();
    }

    public ServerStats stats() {
        return stats;
    }

    public void stop() {
        finish(EXIT_STOPPED);
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(DataProtocol.MAX_DATAGRAM).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (!exit.isDone()) {
                if (sockets.await(SELECT_MILLIS)) {
                    sockets.drain(buf, this::handleSafely);
                }
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            finish(EXIT_STOPPED);
        } catch (IOException | RuntimeException e) {
            log.warn("image server {}: receive failed, stopping", name, e);
            finish(EXIT_ERROR);
        }
    }

    /** One packet; whatever goes wrong with it is counted and logged, and serving goes on. */
    private void handleSafely(ByteBuffer datagram, InetSocketAddress from) throws ClosedChannelException {
        try {
            handle(datagram, from);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            stats.count(ServerStats.Drop.INTERNAL_ERROR);
            log.warn("image server {}: packet from {} not handled: {}", name, from, e.toString());
        }
    }

    private void handle(ByteBuffer datagram, InetSocketAddress from) throws IOException {
        int fromIp = Ipv4.toInt(from.getAddress());
        ReceiveCheck.Verdict v = ReceiveCheck.check(datagram, fromIp, from.getPort(), sockets.port());
        if (v != ReceiveCheck.Verdict.OK) {
            drop(ServerStats.Drop.valueOf(v.name()), from, v.name());
            return;
        }
        if (datagram.remaining() >= 8 && datagram.getInt(datagram.position() + 4) == DataProtocol.BLOCK) {
            return; // our own BLOCKs looped back, or another server's: not for a server
        }
        FrisbeePacket packet;
        try {
            packet = FrisbeePackets.decode(datagram);
        } catch (MalformedMessageException e) {
            drop(ServerStats.Drop.MALFORMED, from, e.getMessage());
            return;
        }
        // C ClientJoin takes a JOIN of either header type; a type-2 JOIN decodes as JoinReply.
        if (packet instanceof FrisbeePacket.Join j) {
            joinV1(from, j.clientId());
        } else if (packet instanceof FrisbeePacket.JoinReply j) {
            joinV1(from, j.blockCount());
        } else if (packet instanceof FrisbeePacket.Join2 j) {
            join(from, j.clientId(), 2, new FrisbeePacket.Join2(true, j.clientId(), 0, DataProtocol.CHUNK_BLOCKS,
                    DataProtocol.BLOCK_SIZE, geometry.bytes()));
        } else if (packet instanceof FrisbeePacket.Leave l) {
            leave(from, l.clientId(), l.elapsedSeconds(), null);
        } else if (packet instanceof FrisbeePacket.Leave2 l) {
            leave(from, l.clientId(), l.elapsedSeconds(), l.stats());
        } else if (packet instanceof FrisbeePacket.Request r) {
            request(from, r);
        } else if (packet instanceof FrisbeePacket.PartialRequest p) {
            partialRequest(from, p);
        }
    }

    private void joinV1(InetSocketAddress from, int clientId) throws IOException {
        if (!geometry.joinV1Allowed()) {
            drop(ServerStats.Drop.JOIN_V1_NOT_IMAGE, from, "requested JOINv1 for non-image file, ignoring");
            return;
        }
        join(from, clientId, 1, new FrisbeePacket.JoinReply((int) DataProtocol.blocksFor(geometry.bytes())));
    }

    /** Replies first (the C client's 30 ms window), then records the client. */
    private void join(InetSocketAddress from, int clientId, int version, FrisbeePacket reply) throws IOException {
        sockets.send(ByteBuffer.wrap(reply.toBytes(sockets.srcIp())), from.getAddress());
        touch();
        if (stats.clientTable().join(clientId, from.getAddress(), Instant.now())) {
            stats.joined();
            log.info("image server {}: {} (id {}) joins (v{}); {} active clients", name,
                    from.getAddress().getHostAddress(), Integer.toUnsignedString(clientId), version,
                    stats.activeClients());
        }
    }

    private void leave(InetSocketAddress from, int clientId, int elapsed,
                       ClientStats clientStats) {
        if (stats.clientTable().leave(clientId, elapsed, clientStats, Instant.now()) == ClientTable.LeaveOutcome.SPURIOUS) {
            stats.spuriousLeave();
            log.debug("image server {}: spurious leave from {} (id {}) ignored", name, from.getAddress().getHostAddress(),
                    Integer.toUnsignedString(clientId));
            return;
        }
        stats.left();
        log.info("image server {}: {} (id {}) leaves, ran for {} s{}; {} active clients", name,
                from.getAddress().getHostAddress(), Integer.toUnsignedString(clientId), elapsed,
                clientStats == null ? "" : ", " + clientStats.bytesWritten() + " bytes, " + clientStats.reRequests()
                        + " re-requests", stats.activeClients());
    }

    private void request(InetSocketAddress from, FrisbeePacket.Request r) {
        FileGeometry.Verdict v = geometry.check(r);
        if (v != FileGeometry.Verdict.OK) {
            drop(ServerStats.Drop.valueOf(v.name()), from, r.toString());
            return;
        }
        BitSet blocks = new BitSet();
        blocks.set(r.block(), r.block() + r.count());
        enqueue(r.chunk(), blocks);
    }

    private void partialRequest(InetSocketAddress from, FrisbeePacket.PartialRequest p) {
        FileGeometry.Verdict v = geometry.check(p);
        if (v != FileGeometry.Verdict.OK) {
            drop(ServerStats.Drop.valueOf(v.name()), from, "PREQUEST chunk " + p.chunk());
            return;
        }
        BitSet blocks = new BitSet();
        int inChunk = geometry.blocksInChunk(p.chunk());
        for (int b = 0; b < inChunk; b++) {
            if (p.wants(b)) {
                blocks.set(b);
            }
        }
        enqueue(p.chunk(), blocks); // an empty map is ignored, as in C
    }

    private void enqueue(int chunk, BitSet blocks) {
        touch();
        stats.requested();
        work.add(chunk, blocks);
    }

    private void drop(ServerStats.Drop why, InetSocketAddress from, String detail) {
        stats.count(why);
        log.debug("image server {}: {} from {} dropped: {}", name, why, from, detail);
    }

    private void sendLoop() {
        BlockSender blocks = new BlockSender(file, sockets, destination, settings, stats, geometry);
        try {
            while (!exit.isDone()) {
                WorkQueue.Work w = work.take(100, TimeUnit.MILLISECONDS);
                if (w == null) {
                    if (idleTooLong()) {
                        log.info("image server {}: no requests for {} s, exiting ({})", name,
                                settings.inactivityTimeout().toSeconds(), stats);
                        finish(EXIT_IDLE);
                    }
                    continue;
                }
                blocks.send(w);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(EXIT_STOPPED);
        } catch (ClosedChannelException e) {
            finish(EXIT_STOPPED);
        } catch (IOException | RuntimeException e) {
            // Never a zombie: the registry sees the exit, frees the port and stops handing the stream out.
            log.warn("image server {}: send failed, stopping", name, e);
            finish(EXIT_ERROR);
        }
    }

    private boolean idleTooLong() {
        long timeout = settings.inactivityTimeout().toNanos();
        return timeout > 0 && work.isEmpty() && System.nanoTime() - lastActivity > timeout;
    }

    /** Requests count as activity; joins too (a deliberate difference: C counts only requested work). */
    private void touch() {
        lastActivity = System.nanoTime();
    }

    /** The first caller's status wins; sockets are closed before the exit is seen, so the port is free then. */
    private void finish(int status) {
        synchronized (exit) {
            if (exit.isDone()) {
                return;
            }
            sockets.close();
            try {
                file.close();
            } catch (IOException e) {
                log.debug("close {}: {}", settings.file(), e.toString());
            }
            exit.complete(status);
        }
    }
}
