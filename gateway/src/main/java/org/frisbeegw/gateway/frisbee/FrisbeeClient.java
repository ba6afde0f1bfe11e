package org.frisbeegw.gateway.frisbee;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Frisbee client that writes the served file as is (frisbee -N): joins with JOIN2 (falling back
 * to JOIN), keeps up to {@code maxInProgress} chunks requested, re-requests what is missing after
 * CLIENT_IDLETIMER_COUNT silent receive timeouts or CLIENT_REQUEST_REDO_DELAY without progress on
 * a chunk, ignores duplicates and BLOCKs from anyone but the server, and checks the byte count.
 */
public final class FrisbeeClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrisbeeClient.class);
    private static final long JOIN_RETRY_NANOS = 200_000_000L;
    private static final int JOIN2_TRIES_BEFORE_JOIN = 5;

    /** Tunables; {@link #defaults()} follows the C client. */
    public record Options(Duration joinTimeout, Duration stallTimeout, int maxInProgress, PacketLoss loss,
                          ProgressListener progress) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), Duration.ofSeconds(30), DataProtocol.MAX_INPROGRESS,
                    PacketLoss.NONE, ProgressListener.NONE);
        }

        public Options withLoss(PacketLoss l) {
            return new Options(joinTimeout, stallTimeout, maxInProgress, l, progress);
        }

        public Options withProgress(ProgressListener p) {
            return new Options(joinTimeout, stallTimeout, maxInProgress, loss, p);
        }
    }

    private final DownloadTarget target;
    private final Options options;
    private final DatagramChannel control;
    private final DatagramChannel group;
    private final Selector selector;
    private final InetSocketAddress requestTo;
    private final int clientId = new SecureRandom().nextInt();
    private final ByteBuffer rx = ByteBuffer.allocate(DataProtocol.MAX_DATAGRAM);
    private final Map<Integer, Long> inProgress = new LinkedHashMap<>();
    private long requests;
    private long blocks;

    private FrisbeeClient(DownloadTarget target, Options options) throws IOException {
        this.target = target;
        this.options = options;
        this.requestTo = new InetSocketAddress(target.address(), target.port());
        this.selector = Selector.open();
        DatagramChannel c = null;
        DatagramChannel g = null;
        try {
            // Replies and unicast BLOCKs come to our address at the data port, as frisbeed sends them.
            c = DatagramChannel.open(StandardProtocolFamily.INET).setOption(StandardSocketOptions.SO_REUSEADDR, true)
                    .setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20)
                    .bind(new InetSocketAddress(target.local(), target.port()));
            c.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            if (target.multicast()) {
                NetworkInterface nif = Interfaces.forAddress(target.local());
                g = DatagramChannel.open(StandardProtocolFamily.INET).setOption(StandardSocketOptions.SO_REUSEADDR, true)
                        .setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20)
                        .bind(new InetSocketAddress(target.address(), target.port()));
                g.join(target.address(), nif);
                g.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            if (c != null) {
                c.close();
            }
            if (g != null) {
                g.close();
            }
            throw e;
        }
        this.control = c;
        this.group = g;
    }

    /** Downloads the whole file into {@code output} (created or truncated). */
    public static DownloadResult download(DownloadTarget target, Path output, Options options) throws IOException {
        try (FrisbeeClient client = new FrisbeeClient(target, options)) {
            return client.run(output);
        }
    }

    private DownloadResult run(Path output) throws IOException {
        long start = System.nanoTime();
        long byteCount = join();
        ChunkTracker tracker = new ChunkTracker(byteCount, 64);
        log.debug("downloading {} bytes ({} chunks) from {}", byteCount, tracker.chunks(), requestTo);
        try (FileChannel file = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            receiveAll(tracker, file, start);
            file.force(false);
            if (file.size() != byteCount) {
                throw new IOException("wrote " + file.size() + " bytes, server announced " + byteCount);
            }
        }
        leave((int) ((System.nanoTime() - start) / 1_000_000_000L));
        options.progress().progress(byteCount, byteCount, System.nanoTime() - start);
        return new DownloadResult(byteCount, Duration.ofNanos(System.nanoTime() - start), blocks, tracker.duplicates(),
                requests);
    }

    /** JOIN2 until answered (JOIN too after a few tries, for servers that predate JOIN2); returns the file size. */
    private long join() throws IOException {
        long deadline = System.nanoTime() + options.joinTimeout().toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            send(new FrisbeePacket.Join2(false, clientId, 0, DataProtocol.CHUNK_BLOCKS, DataProtocol.BLOCK_SIZE, 0));
            if (attempt >= JOIN2_TRIES_BEFORE_JOIN) {
                send(new FrisbeePacket.Join(clientId));
            }
            long until = Math.min(deadline, System.nanoTime() + JOIN_RETRY_NANOS);
            while (System.nanoTime() < until) {
                for (FrisbeePacket p : poll((until - System.nanoTime()) / 1_000_000 + 1)) {
                    if (p instanceof FrisbeePacket.Join2 j && j.reply()) {
                        return j.byteCount();
                    }
                    if (p instanceof FrisbeePacket.JoinReply j) {
                        return (long) j.blockCount() * DataProtocol.BLOCK_SIZE;
                    }
                }
            }
        }
        throw new IOException("no answer to JOIN from " + requestTo + " within " + options.joinTimeout().toSeconds() + " s");
    }

    private void receiveAll(ChunkTracker tracker, FileChannel file, long start) throws IOException {
        int idle = 0;
        long lastProgress = System.nanoTime();
        while (!tracker.complete()) {
            topUp(tracker);
            var packets = poll(DataProtocol.PKTRCV_TIMEOUT_MILLIS);
            long now = System.nanoTime();
            idle = packets.isEmpty() ? idle + 1 : 0;
            for (FrisbeePacket p : packets) {
                if (p instanceof FrisbeePacket.Block b && accept(tracker, file, b, now, start)) {
                    lastProgress = now;
                }
            }
            if (idle >= DataProtocol.CLIENT_IDLETIMER_COUNT) {
                idle = 0;
                for (int chunk : new ArrayList<>(inProgress.keySet())) {
                    request(tracker, chunk, true);
                }
            }
            long redo = DataProtocol.CLIENT_REQUEST_REDO_MILLIS * 1_000_000L;
            for (Map.Entry<Integer, Long> e : new ArrayList<>(inProgress.entrySet())) {
                if (now - e.getValue() > redo) {
                    request(tracker, e.getKey(), true);
                }
            }
            if (now - lastProgress > options.stallTimeout().toNanos()) {
                throw new IOException("no data from " + requestTo + " for " + options.stallTimeout().toSeconds() + " s; "
                        + tracker.bytesDone() + " bytes received");
            }
        }
    }

    private boolean accept(ChunkTracker tracker, FileChannel file, FrisbeePacket.Block b, long now, long start)
            throws IOException {
        ChunkTracker.Whole whole = tracker.accept(b.chunk(), b.block(), b.data(), 0);
        blocks++;
        if (inProgress.containsKey(b.chunk())) {
            inProgress.put(b.chunk(), now);
        }
        if (whole == null) {
            return tracker.hasPartial(b.chunk());
        }
        ByteBuffer data = ByteBuffer.wrap(whole.bytes());
        long offset = whole.chunk() * DataProtocol.CHUNK_SIZE;
        while (data.hasRemaining()) {
            file.write(data, offset + data.position());
        }
        inProgress.remove(whole.chunk());
        options.progress().progress(tracker.bytesDone(), tracker.byteCount(), now - start);
        return true;
    }

    /** Keeps up to maxInProgress chunks requested, lowest first. */
    private void topUp(ChunkTracker tracker) throws IOException {
        BitSet busy = new BitSet();
        inProgress.keySet().forEach(busy::set);
        while (inProgress.size() < options.maxInProgress()) {
            OptionalInt next = tracker.nextWanted(busy);
            if (next.isEmpty()) {
                return;
            }
            busy.set(next.getAsInt());
            request(tracker, next.getAsInt(), false);
        }
    }

    private void request(ChunkTracker tracker, int chunk, boolean retry) throws IOException {
        BitSet missing = tracker.missing(chunk);
        if (!tracker.hasPartial(chunk)) {
            send(new FrisbeePacket.Request(chunk, 0, missing.length()));
        } else {
            send(new FrisbeePacket.PartialRequest(chunk, retry ? 1 : 0, FrisbeePackets.blockMap(missing)));
        }
        inProgress.put(chunk, System.nanoTime());
        requests++;
    }

    private void leave(int elapsedSeconds) {
        try {
            for (int i = 0; i < 2; i++) {
                send(new FrisbeePacket.Leave(clientId, elapsedSeconds));
            }
        } catch (IOException e) {
            log.debug("LEAVE not sent: {}", e.toString());
        }
    }

    private void send(FrisbeePacket p) throws IOException {
        control.send(ByteBuffer.wrap(p.toBytes()), requestTo);
    }

    /** Waits up to {@code millis} for packets and returns those from the server (others dropped). */
    private java.util.List<FrisbeePacket> poll(long millis) throws IOException {
        java.util.List<FrisbeePacket> got = new ArrayList<>();
        if (selector.select(Math.max(1, millis)) == 0) {
            return got;
        }
        for (SelectionKey key : selector.selectedKeys()) {
            DatagramChannel ch = (DatagramChannel) key.channel();
            for (InetSocketAddress from; (from = receive(ch)) != null; ) {
                if (!from.getAddress().equals(target.server()) || options.loss().drop()) {
                    continue;
                }
                try {
                    got.add(FrisbeePackets.decode(rx));
                } catch (MalformedMessageException e) {
                    log.debug("bad packet from {} dropped: {}", from, e.getMessage());
                }
            }
        }
        selector.selectedKeys().clear();
        return got;
    }

    private InetSocketAddress receive(DatagramChannel ch) throws IOException {
        rx.clear();
        InetSocketAddress from = (InetSocketAddress) ch.receive(rx);
        rx.flip();
        return from;
    }

    @Override
    public void close() throws IOException {
        try {
            control.close();
            if (group != null) {
                group.close();
            }
        } finally {
            selector.close();
        }
    }
}
