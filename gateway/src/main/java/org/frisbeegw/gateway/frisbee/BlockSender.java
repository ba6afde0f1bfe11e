package org.frisbeegw.gateway.frisbee;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.BitSet;
import org.frisbeegw.gateway.servers.ServerStats;
import org.frisbeegw.helper.data.DataSockets;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FileGeometry;

/**
 * Sends the blocks of queued work as frisbeed does: each run of wanted blocks read from the file
 * {@code readBlocks} at a time, each block one BLOCK packet (header type REQUEST, srcip =
 * servaddr, datalen 1032, a short last block zero-padded), paced by the {@link Pacer}. Blocks
 * outside the file are never sent, whatever the queue holds.
 */
final class BlockSender {
    private static final int PACKET_BYTES = DataProtocol.HEADER_LENGTH + 8 + DataProtocol.BLOCK_SIZE;

    private final FileChannel file;
    private final DataSockets sockets;
    private final InetSocketAddress destination;
    private final FileGeometry geometry;
    private final int readBlocks;
    private final Pacer pacer;
    private final ServerStats stats;
    private final ByteBuffer data;
    /** Direct, as is {@link #data}: the JDK would otherwise copy each into a temporary direct buffer per call. */
    private final ByteBuffer packet = ByteBuffer.allocateDirect(PACKET_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    BlockSender(FileChannel file, DataSockets sockets, InetSocketAddress destination, ServerSettings settings,
                ServerStats stats, FileGeometry geometry) {
        this.file = file;
        this.sockets = sockets;
        this.destination = destination;
        this.geometry = geometry;
        this.readBlocks = settings.readBlocks();
        this.pacer = new Pacer(settings.burstSize(), settings.burstGapMicros(), settings.bandwidthBitsPerSecond());
        this.stats = stats;
        this.data = ByteBuffer.allocateDirect(readBlocks * DataProtocol.BLOCK_SIZE);
    }

    void send(WorkQueue.Work w) throws IOException {
        BitSet blocks = w.blocks();
        int inChunk = geometry.blocksInChunk(w.chunk());
        for (int start = blocks.nextSetBit(0); start >= 0 && start < inChunk; ) {
            int end = Math.min(Math.min(blocks.nextClearBit(start), start + readBlocks), inChunk);
            read(w.chunk(), start, end - start);
            for (int b = start; b < end; b++) {
                packet.clear();
                packet.putInt(DataProtocol.TYPE_REQUEST).putInt(DataProtocol.BLOCK).putInt(8 + DataProtocol.BLOCK_SIZE)
                        .order(ByteOrder.BIG_ENDIAN).putInt(sockets.srcIp()).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(w.chunk()).putInt(b)
                        .put(packet.position(), data, (b - start) * DataProtocol.BLOCK_SIZE, DataProtocol.BLOCK_SIZE);
                packet.position(PACKET_BYTES).flip();
                pacer.beforeSend(packet.remaining());
                sockets.send(packet, destination);
                stats.sent(PACKET_BYTES);
            }
            start = blocks.nextSetBit(end);
        }
    }

    private void read(int chunk, int firstBlock, int count) throws IOException {
        data.clear();
        data.limit(count * DataProtocol.BLOCK_SIZE);
        long offset = chunk * DataProtocol.CHUNK_SIZE + (long) firstBlock * DataProtocol.BLOCK_SIZE;
        while (data.hasRemaining()) {
            if (file.read(data, offset + data.position()) < 0) {
                break;
            }
        }
        while (data.hasRemaining()) {
            data.put((byte) 0);
        }
    }
}
