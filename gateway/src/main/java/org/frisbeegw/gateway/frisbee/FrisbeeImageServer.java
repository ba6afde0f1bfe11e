package org.frisbeegw.gateway.frisbee;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in frisbeed: serves one file over the Frisbee UDP protocol. A receiver thread answers
 * JOIN/JOIN2, logs LEAVE/LEAVE2 and queues REQUEST/PREQUEST work; a sender thread reads the
 * queued blocks and sends them, paced, to the group or the unicast client, from servaddr. It ends
 * after the inactivity timeout with status 0, or when stopped.
 */
public final class FrisbeeImageServer {
    /** Exit statuses as frisbeed's, which the registry understands. */
    public static final int EXIT_IDLE = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_ADDRESS_IN_USE = 98;
    public static final int EXIT_STOPPED = 143;

    private static final Logger log = LoggerFactory.getLogger(FrisbeeImageServer.class);

    private final ServerSettings settings;
    private final FileChannel file;
    private final long fileSize;
    private final int chunks;
    private final DatagramChannel receiver;
    private final DatagramChannel sender;
    private final int port;
    private final InetSocketAddress destination;
    private final WorkQueue work = new WorkQueue();
    private final ServerStats stats = new ServerStats();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final String name;
    private volatile long lastActivity = System.nanoTime();

    private FrisbeeImageServer(ServerSettings settings, FileChannel file, DatagramChannel receiver,
                               DatagramChannel sender) throws IOException {
        this.settings = settings;
        this.file = file;
        this.fileSize = file.size();
        this.chunks = DataProtocol.chunksFor(fileSize);
        this.receiver = receiver;
        this.sender = sender;
        // Port 0 (tests) means the kernel's choice; clients then use the port we report.
        this.port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
        this.destination = new InetSocketAddress(settings.destination(), port);
        this.name = settings.destination().getHostAddress() + ":" + port;
    }

    /** Opens the file and sockets and starts serving; a port already taken is a BindException. */
    public static FrisbeeImageServer start(ServerSettings settings) throws IOException {
        FileChannel file = FileChannel.open(settings.file(), StandardOpenOption.READ);
        DatagramChannel receiver = null;
        DatagramChannel sender = null;
        try {
            receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            if (settings.multicast()) {
                // Bound to the group: gets the clients' requests to the group, never unicast meant for clients.
                NetworkInterface nif = Interfaces.forAddress(settings.servAddr());
                receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true)
                        .bind(new InetSocketAddress(settings.destination(), settings.port()));
                receiver.join(settings.destination(), nif);
                sender = DatagramChannel.open(StandardProtocolFamily.INET)
                        .setOption(StandardSocketOptions.IP_MULTICAST_IF, nif)
                        .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true)
                        .bind(new InetSocketAddress(settings.servAddr(), 0));
            } else {
                receiver.bind(new InetSocketAddress(settings.servAddr(), settings.port()));
                sender = receiver;
            }
            sender.setOption(StandardSocketOptions.SO_SNDBUF, 512 * 1024);
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 512 * 1024);
        } catch (IOException | RuntimeException e) {
            closeQuietly(file, receiver, sender);
            throw e;
        }
        FrisbeeImageServer server = new FrisbeeImageServer(settings, file, receiver, sender);
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
        log.info("image server {} serving {} ({} bytes, {} chunks) from {}", name, settings.file(), fileSize, chunks,
                settings.servAddr().getHostAddress());
    }

    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** The UDP port it serves on. */
    public int port() {
        return port;
    }

    public ServerStats stats() {
        return stats;
    }

    public void stop() {
        finish(EXIT_STOPPED);
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(DataProtocol.MAX_DATAGRAM).order(ByteOrder.LITTLE_ENDIAN);
        while (!exit.isDone()) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) receiver.receive(buf);
                buf.flip();
                handle(buf, from);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("image server {}: receive failed", name, e);
                finish(EXIT_ERROR);
            }
        }
    }

    private void handle(ByteBuffer datagram, InetSocketAddress from) throws IOException {
        FrisbeePacket packet;
        try {
            packet = FrisbeePackets.decode(datagram);
        } catch (MalformedMessageException e) {
            stats.badPackets.incrementAndGet();
            log.debug("image server {}: bad packet from {} dropped: {}", name, from, e.getMessage());
            return;
        }
        if (packet.type() != DataProtocol.TYPE_REQUEST) {
            return; // replies are for clients
        }
        if (packet instanceof FrisbeePacket.Join j) {
            join(from, new FrisbeePacket.JoinReply((int) DataProtocol.blocksFor(fileSize)), j.clientId());
        } else if (packet instanceof FrisbeePacket.Join2 j) {
            join(from, new FrisbeePacket.Join2(true, j.clientId(), 0, DataProtocol.CHUNK_BLOCKS, DataProtocol.BLOCK_SIZE,
                    fileSize), j.clientId());
        } else if (packet instanceof FrisbeePacket.Leave l) {
            leave(from, l.clientId(), l.elapsedSeconds(), "");
        } else if (packet instanceof FrisbeePacket.Leave2 l) {
            leave(from, l.clientId(), l.elapsedSeconds(), " stats v" + l.statsVersion());
        } else if (packet instanceof FrisbeePacket.Request r) {
            request(from, r);
        } else if (packet instanceof FrisbeePacket.PartialRequest p) {
            partialRequest(from, p);
        }
        // BLOCKs (our own, looped back on multicast, or another server's) are not for us.
    }

    private void join(InetSocketAddress from, FrisbeePacket reply, int clientId) throws IOException {
        touch();
        stats.joins.incrementAndGet();
        log.info("image server {}: client {} (id {}) joined", name, from.getAddress().getHostAddress(), Integer.toUnsignedString(clientId));
        // Replies go to the client's address at the data port, as frisbeed's PacketReply does.
        sendPacket(reply, new InetSocketAddress(from.getAddress(), port));
    }

    private void leave(InetSocketAddress from, int clientId, int elapsed, String extra) {
        stats.leaves.incrementAndGet();
        log.info("image server {}: client {} (id {}) left after {} s{}", name, from.getAddress().getHostAddress(),
                Integer.toUnsignedString(clientId), elapsed, extra);
    }

    private void request(InetSocketAddress from, FrisbeePacket.Request r) {
        if (r.chunk() < 0 || r.chunk() >= chunks || r.block() < 0 || r.block() >= DataProtocol.CHUNK_BLOCKS
                || r.count() < 0 || r.block() + r.count() > DataProtocol.CHUNK_BLOCKS) {
            invalid(from, r);
            return;
        }
        BitSet blocks = new BitSet();
        blocks.set(r.block(), Math.min(r.block() + r.count(), DataProtocol.blocksInChunk(r.chunk(), fileSize)));
        enqueue(r.chunk(), blocks);
    }

    private void partialRequest(InetSocketAddress from, FrisbeePacket.PartialRequest p) {
        if (p.chunk() < 0 || p.chunk() >= chunks) {
            invalid(from, p);
            return;
        }
        BitSet blocks = new BitSet();
        int inChunk = DataProtocol.blocksInChunk(p.chunk(), fileSize);
        for (int b = 0; b < inChunk; b++) {
            if (p.wants(b)) {
                blocks.set(b);
            }
        }
        enqueue(p.chunk(), blocks);
    }

    private void enqueue(int chunk, BitSet blocks) {
        touch();
        stats.requests.incrementAndGet();
        work.add(chunk, blocks);
    }

    private void invalid(InetSocketAddress from, FrisbeePacket p) {
        stats.badPackets.incrementAndGet();
        log.debug("image server {}: out-of-range {} from {} dropped", name, p, from);
    }

    private void sendLoop() {
        BlockSender blocks = new BlockSender(file, sender, destination, settings, stats);
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
        } catch (IOException e) {
            log.warn("image server {}: send failed", name, e);
            finish(EXIT_ERROR);
        }
    }

    private void sendPacket(FrisbeePacket p, InetSocketAddress to) throws IOException {
        sender.send(ByteBuffer.wrap(p.toBytes()), to);
    }

    private boolean idleTooLong() {
        long timeout = settings.inactivityTimeout().toNanos();
        return timeout > 0 && work.isEmpty() && System.nanoTime() - lastActivity > timeout;
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    private void finish(int status) {
        if (exit.isDone()) {
            return;
        }
        closeQuietly(file, receiver, sender);
        exit.complete(status);
    }

    private static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("close: {}", e.toString());
                }
            }
        }
    }
}
