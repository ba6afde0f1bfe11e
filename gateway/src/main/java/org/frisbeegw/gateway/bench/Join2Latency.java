package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.frisbeegw.gateway.frisbee.FrisbeeImageServer;
import org.frisbeegw.gateway.frisbee.ServerSettings;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.data.FrisbeePacket;

/**
 * How long the built-in server takes to answer a JOIN2 while it is busy sending a multicast
 * stream to a client (the C client takes the reply only within 30 ms), against the same server
 * idle, in the same run. A prober on its own loopback address sends JOIN2s and times each reply.
 */
final class Join2Latency {
    /** Latencies in microseconds, sorted. */
    record Result(long[] busyMicros, long[] idleMicros) {
        long busy(double q) {
            return quantile(busyMicros, q);
        }

        long idle(double q) {
            return quantile(idleMicros, q);
        }

        private static long quantile(long[] sorted, double q) {
            return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        }
    }

    private Join2Latency() {
    }

    static Result measure(Path image, InetAddress server, InetAddress client, InetAddress prober, InetAddress group,
                          int probes) throws Exception {
        FrisbeeImageServer s = FrisbeeImageServer.start(ServerSettings.defaults(image, server, group, 0)
                .withPacing(0, 64, 100).withInactivityTimeout(Duration.ofSeconds(60)));
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(prober, s.port()))) {
            long[] idle = probeAll(probe, prober, server, s.port(), probes);
            AtomicBoolean stop = new AtomicBoolean();
            Thread transfer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        FrisbeeClient.download(new DownloadTarget(server, group, s.port(), client),
                                image.resolveSibling("join2-copy"), FrisbeeClient.Options.defaults());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "join2-transfer");
            transfer.start();
            long[] busy;
            try {
                while (s.stats().blocksSent() == 0) {
                    Thread.onSpinWait();
                }
                busy = probeAll(probe, prober, server, s.port(), probes);
            } finally {
                stop.set(true);
                transfer.join(30_000);
            }
            return new Result(busy, idle);
        } finally {
            s.stop();
        }
    }

    private static long[] probeAll(DatagramChannel probe, InetAddress self, InetAddress server, int port, int probes)
            throws IOException, InterruptedException {
        long[] micros = new long[probes];
        byte[] join = new FrisbeePacket.Join2(false, 7, 0, 1024, 1024, 0).toBytes(Ipv4.toInt(self));
        probe.socket().setSoTimeout(1000);
        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
        for (int i = 0; i < probes; i++) {
            long t0 = System.nanoTime();
            probe.send(ByteBuffer.wrap(join), new InetSocketAddress(server, port));
            try {
                probe.socket().receive(reply);
                micros[i] = (System.nanoTime() - t0) / 1000;
            } catch (SocketTimeoutException e) {
                micros[i] = 1_000_000;
            }
            Thread.sleep(10); // paces the probes (not a synchronisation)
        }
        Arrays.sort(micros);
        return micros;
    }
}
