package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.wire.data.DataProtocol;

/**
 * The baseline: a plain Java sender blasting BLOCK-sized datagrams at a plain receiver over
 * loopback, no protocol, no pacing, no retransmission. Its payload rate is what the machine's
 * loopback UDP can carry for this packet size.
 */
final class RawUdpBaseline {
    private static final int PACKET = DataProtocol.HEADER_LENGTH + 8 + DataProtocol.BLOCK_SIZE;

    private RawUdpBaseline() {
    }

    /** Payload bytes per second received when sending {@code bytes} worth of 1 KiB blocks. */
    static Measurement run(InetAddress sender, InetAddress receiver, long bytes) throws Exception {
        long packets = bytes / DataProtocol.BLOCK_SIZE;
        try (DatagramChannel rx = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20).bind(new InetSocketAddress(receiver, 0));
             DatagramChannel tx = DatagramChannel.open(StandardProtocolFamily.INET)
                     .setOption(StandardSocketOptions.SO_SNDBUF, 512 * 1024).bind(new InetSocketAddress(sender, 0))) {
            CompletableFuture<long[]> received = CompletableFuture.supplyAsync(() -> receive(rx, packets));
            ByteBuffer out = ByteBuffer.allocate(PACKET);
            InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
            for (long i = 0; i < packets; i++) {
                out.clear();
                out.putLong(0, i);
                tx.send(out, to);
            }
            long[] r = received.get(60, TimeUnit.SECONDS);
            return new Measurement(r[0] * DataProtocol.BLOCK_SIZE, r[1], 1.0 - (double) r[0] / packets);
        }
    }

    /** Counts packets until all arrived or 300 ms pass in silence; returns {count, nanos first..last}. */
    private static long[] receive(DatagramChannel rx, long expected) {
        ByteBuffer in = ByteBuffer.allocate(PACKET);
        long count = 0;
        long first = 0;
        long last = 0;
        try {
            rx.configureBlocking(false);
            long silentSince = System.nanoTime();
            while (count < expected && System.nanoTime() - silentSince < 300_000_000L) {
                in.clear();
                if (rx.receive(in) == null) {
                    Thread.onSpinWait();
                    continue;
                }
                last = System.nanoTime();
                if (count++ == 0) {
                    first = last;
                }
                silentSince = last;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new long[] {count, Math.max(1, last - first)};
    }
}
