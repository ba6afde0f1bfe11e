package org.frisbeegw.helper.data;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.data.BlockView;
import org.frisbeegw.wire.data.ClientStats;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FileGeometry;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.frisbeegw.wire.data.ReceiveCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Frisbee client that writes the served file as is (frisbee -N), following the client rules of
 * frisbee-data-protocol.md §12: every packet from {@code local} at the data port with srcip =
 * {@code local}; JOIN2 only, resent every 500 ms; the reply's sizes must be 1024/1024; up to
 * {@code maxInProgress} chunks requested (full REQUESTs with the chunk's real block count,
 * PREQUESTs for what is missing after CLIENT_IDLETIMER_COUNT silent receive timeouts or
 * CLIENT_REQUEST_REDO_DELAY without progress on a chunk); datagrams failing C's receive checks
 * and BLOCKs from anyone but the server dropped; one LEAVE2 with version-1 stats at the end.
 */
public final class FrisbeeClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrisbeeClient.class);
    private static final int CHUNK_BUFFERS = 64;
    /** Finished chunks waiting for the disk before the receiver waits too. */
    private static final int WRITE_QUEUE = 4;
    /**
     * Flushed to disk every time the queue's worth is written, on the writer thread: while it
     * flushes, what arrives meanwhile fits in the queue and the socket's 4 MiB (a 16 MiB flush on
     * a 100 MB/s disk outlasts both), and the flush a download ends with has at most this left.
     */
    private static final long SYNC_EVERY_BYTES = (long) WRITE_QUEUE * DataProtocol.CHUNK_SIZE;
    private static final BlockSink IGNORE_BLOCKS = (chunk, block, datagram, index) -> { };

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

        public Options withJoinTimeout(Duration d) {
            return new Options(d, stallTimeout, maxInProgress, loss, progress);
        }
    }

    /** How long a poll lets datagrams gather while a stream runs (see {@link #poll}). */
    private static final long COALESCE_NANOS = 100_000;

    private final DownloadTarget target;
    private final Options options;
    private final DataSockets sockets;
    private final int serverIp;
    private final InetSocketAddress requestTo;
    private final int clientId = new SecureRandom().nextInt();
    /** Direct: received into without the JDK's copy through a temporary direct buffer per datagram. */
    private final ByteBuffer rx = ByteBuffer.allocateDirect(DataProtocol.MAX_DATAGRAM);
    private final Map<Integer, Long> inProgress = new LinkedHashMap<>();
    private final BitSet askedBefore = new BitSet();
    private int joinAttempts;
    private int requests;
    private int partialRequests;
    private int reRequests;
    private int receiveIdles;
    private long blocks;
    private long dropped;
    /** When the last wait for datagrams ended: the receive loop's clock. */
    private long wokeAt;
    /**
     * The last poll took datagrams and left the socket empty: a stream runs, so the next poll
     * lets a batch gather first rather than wait on the socket for the next datagram.
     */
    private boolean pauseBeforeNextPoll;
    private long lastProgress;

    private FrisbeeClient(DownloadTarget target, Options options) throws IOException {
        this.target = target;
        this.options = options;
        this.serverIp = Ipv4.toInt(target.server());
        this.requestTo = new InetSocketAddress(target.address(), target.port());
        try {
            this.sockets = DataSockets.open(target.local(), target.port(), target.address(), target.broadcast(), 4 << 20);
        } catch (BindException e) {
            // Client and server each send from their own address at the data port, as the C peers do.
            throw new BindException("cannot use " + target.local().getHostAddress() + ":" + target.port()
                    + " (" + e.getMessage() + "): a Frisbee client and an image server cannot share an address and"
                    + " port; on the server's own host give the client another local address (e.g. --local 127.0.0.2)");
        }
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
        try (FileChannel file = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
             ChunkWriter writer = new ChunkWriter(file, WRITE_QUEUE, SYNC_EVERY_BYTES)) {
            ChunkTracker tracker = new ChunkTracker(byteCount, CHUNK_BUFFERS, writer::reusable);
            log.debug("downloading {} bytes ({} chunks) from {}", byteCount, tracker.chunks(), requestTo);
            receiveAll(tracker, writer, start);
            writer.finish();
            if (file.size() != byteCount) {
                throw new IOException("wrote " + file.size() + " bytes, server announced " + byteCount);
            }
            long elapsedNanos = System.nanoTime() - start;
            leave(elapsedNanos, byteCount, tracker);
            options.progress().progress(byteCount, byteCount, elapsedNanos);
            return new DownloadResult(byteCount, Duration.ofNanos(elapsedNanos), blocks, tracker.duplicates(), requests);
        }
    }

    /** JOIN2 every 500 ms until answered, as the C client; returns the file size. */
    private long join() throws IOException {
        long deadline = System.nanoTime() + options.joinTimeout().toNanos();
        long resend = DataProtocol.JOIN_RESEND_MILLIS * 1_000_000L;
        List<FrisbeePacket.Join2> replies = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            joinAttempts++;
            send(new FrisbeePacket.Join2(false, clientId, 0, DataProtocol.CHUNK_BLOCKS, DataProtocol.BLOCK_SIZE, 0));
            long until = Math.min(deadline, System.nanoTime() + resend);
            while (System.nanoTime() < until) {
                poll((until - System.nanoTime()) / 1_000_000 + 1, IGNORE_BLOCKS, p -> {
                    if (p instanceof FrisbeePacket.Join2 j && j.reply()) {
                        replies.add(j);
                    }
                });
                if (!replies.isEmpty()) {
                    return acceptJoin(replies.get(0));
                }
            }
        }
        throw new IOException("no answer to JOIN from " + requestTo + " within " + options.joinTimeout().toSeconds()
                + " s");
    }

    private static long acceptJoin(FrisbeePacket.Join2 j) throws IOException {
        if (j.chunkSize() != DataProtocol.CHUNK_BLOCKS || j.blockSize() != DataProtocol.BLOCK_SIZE) {
            // The C client asserts here (abort); we refuse with a reason.
            throw new IOException("server offers chunks of " + j.chunkSize() + " blocks of " + j.blockSize()
                    + " bytes; only 1024 x 1024 is supported");
        }
        if (j.byteCount() < 0) {
            throw new IOException("server announced a negative size " + j.byteCount());
        }
        return j.byteCount();
    }

    private void receiveAll(ChunkTracker tracker, ChunkWriter writer, long start) throws IOException {
        int idle = 0;
        lastProgress = System.nanoTime();
        FileGeometry geometry = new FileGeometry(tracker.byteCount());
        BlockSink sink = (chunk, block, datagram, index) -> {
            if (geometry.contains(chunk, block)) {
                accept(tracker, writer, chunk, block, datagram, index, start);
            }
        };
        while (!tracker.complete()) {
            topUp(tracker);
            int received = poll(DataProtocol.PKTRCV_TIMEOUT_MILLIS, sink, p -> { });
            long now = wokeAt;
            if (received == 0) {
                idle++;
                receiveIdles++;
            } else {
                idle = 0;
            }
            if (idle >= DataProtocol.CLIENT_IDLETIMER_COUNT) {
                idle = 0;
                for (int chunk : new ArrayList<>(inProgress.keySet())) {
                    request(tracker, chunk);
                }
            }
            long redo = DataProtocol.CLIENT_REQUEST_REDO_MILLIS * 1_000_000L;
            for (Map.Entry<Integer, Long> e : new ArrayList<>(inProgress.entrySet())) {
                if (now - e.getValue() > redo) {
                    request(tracker, e.getKey());
                }
            }
            if (now - lastProgress > options.stallTimeout().toNanos()) {
                throw new IOException("no data from " + requestTo + " for " + options.stallTimeout().toSeconds() + " s; "
                        + tracker.bytesDone() + " bytes received");
            }
        }
    }

    /** Takes one block from the receive buffer; a finished chunk goes to the writer. */
    private void accept(ChunkTracker tracker, ChunkWriter writer, int chunk, int block, ByteBuffer datagram, int index,
                        long start) throws IOException {
        ChunkTracker.Whole whole = tracker.accept(chunk, block, datagram, index);
        blocks++;
        if (inProgress.containsKey(chunk)) {
            inProgress.put(chunk, wokeAt);
        }
        if (whole == null) {
            if (tracker.hasPartial(chunk)) {
                lastProgress = wokeAt;
            }
            return;
        }
        writer.write(whole.chunk() * DataProtocol.CHUNK_SIZE, whole.bytes());
        inProgress.remove(whole.chunk());
        lastProgress = wokeAt;
        options.progress().progress(tracker.bytesDone(), tracker.byteCount(), wokeAt - start);
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
            request(tracker, next.getAsInt());
        }
    }

    /** A full REQUEST for an unseen chunk, else a PREQUEST of what is missing (retries = asked before). */
    private void request(ChunkTracker tracker, int chunk) throws IOException {
        BitSet missing = tracker.missing(chunk);
        if (missing.isEmpty()) {
            return; // never a count-0 REQUEST: C frisbeed aborts on one
        }
        boolean again = askedBefore.get(chunk);
        if (!tracker.hasPartial(chunk)) {
            send(new FrisbeePacket.Request(chunk, 0, missing.length()));
        } else {
            send(new FrisbeePacket.PartialRequest(chunk, again ? 1 : 0, FrisbeePackets.blockMap(missing)));
            partialRequests++;
        }
        if (again) {
            reRequests++;
        }
        askedBefore.set(chunk);
        inProgress.put(chunk, System.nanoTime());
        requests++;
    }

    /** One LEAVE2 with our figures, no retry, as the C client does. */
    private void leave(long elapsedNanos, long bytes, ChunkTracker tracker) {
        ClientStats stats = ClientStats.ofDownload(elapsedNanos / 1_000_000, bytes, new ClientStats.Counters(
                CHUNK_BUFFERS, options.maxInProgress(), (int) Math.min(Integer.MAX_VALUE, tracker.duplicates()),
                partialRequests, receiveIdles, joinAttempts, requests, reRequests));
        try {
            send(new FrisbeePacket.Leave2(clientId, (int) (elapsedNanos / 1_000_000_000L), stats));
        } catch (IOException e) {
            log.debug("LEAVE2 not sent: {}", e.toString());
        }
    }

    private void send(FrisbeePacket p) throws IOException {
        sockets.send(ByteBuffer.wrap(p.toBytes(sockets.srcIp())), requestTo);
    }

    /**
     * Waits up to {@code millis} for datagrams and takes all that are waiting. Those failing C's
     * receive checks, and BLOCKs from anyone but the server, are dropped; BLOCKs go to
     * {@code blocks} read in place, anything else to {@code others} decoded. Returns how many were
     * taken; {@link #wokeAt} is when the wait ended.
     */
    private int poll(long millis, BlockSink blocks, Consumer<FrisbeePacket> others) throws IOException {
        int[] taken = {0};
        DataSockets.DatagramHandler take = (datagram, from) -> {
            if (take(datagram, from, blocks, others)) {
                taken[0]++;
            }
        };
        int read = 0;
        if (pauseBeforeNextPoll) {
            // While a stream runs, sleep a moment instead of waiting on the sockets: no thread
            // waits there, so the sender's sendto wakes nobody (on loopback that wake-up ran in
            // the sender's thread, once per block), and we take a batch per wake-up. The 4 MiB
            // receive buffer holds some 10 ms of a loopback stream; this sleeps a hundredth of that.
            LockSupport.parkNanos(COALESCE_NANOS);
            wokeAt = System.nanoTime();
            read = sockets.drain(rx, take);
        }
        if (read == 0) {
            boolean ready = sockets.await(Math.max(1, millis));
            wokeAt = System.nanoTime();
            if (ready) {
                sockets.drain(rx, take);
            }
        }
        pauseBeforeNextPoll = taken[0] > 0;
        return taken[0];
    }

    /** One datagram: true if it went to {@code blocks} or {@code others}, false if dropped. */
    private boolean take(ByteBuffer datagram, InetSocketAddress from, BlockSink blocks, Consumer<FrisbeePacket> others)
            throws IOException {
        int fromIp = Ipv4.toInt(from.getAddress());
        if (!passesChecks(datagram, from, fromIp) || options.loss().drop()) {
            return false;
        }
        if (BlockView.isBlock(datagram)) {
            if (fromIp != serverIp) {
                dropped++;
                log.debug("received BLOCK from non-server {}", from);
                return false;
            }
            blocks.block(BlockView.chunk(datagram), BlockView.block(datagram), datagram,
                    datagram.position() + BlockView.DATA_OFFSET);
            return true;
        }
        FrisbeePacket p = decode(datagram, from);
        if (p == null) {
            return false;
        }
        others.accept(p);
        return true;
    }

    private boolean passesChecks(ByteBuffer datagram, InetSocketAddress from, int fromIp) {
        ReceiveCheck.Verdict v = ReceiveCheck.check(datagram, fromIp, from.getPort(), target.port());
        if (v != ReceiveCheck.Verdict.OK) {
            dropped++;
            log.debug("packet from {} dropped: {}", from, v);
            return false;
        }
        return true;
    }

    private FrisbeePacket decode(ByteBuffer datagram, InetSocketAddress from) {
        try {
            return FrisbeePackets.decode(datagram);
        } catch (MalformedMessageException e) {
            dropped++;
            log.debug("bad packet from {} dropped: {}", from, e.getMessage());
            return null;
        }
    }

    /** Where a BLOCK's data goes: {@code index} is where its 1 KiB starts in {@code datagram}. */
    @FunctionalInterface
    private interface BlockSink {
        void block(int chunk, int block, ByteBuffer datagram, int index) throws IOException;
    }

    @Override
    public void close() {
        sockets.close();
    }
}
