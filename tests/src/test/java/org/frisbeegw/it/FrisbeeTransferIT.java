package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.helper.data.DownloadResult;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.gateway.frisbee.FrisbeeImageServer;
import org.frisbeegw.helper.data.PacketLoss;
import org.frisbeegw.gateway.frisbee.ServerSettings;
import org.frisbeegw.gateway.servers.ServerStats;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in image server and client over loopback, compared byte for byte. */
class FrisbeeTransferIT {
    private static final InetAddress SERVER = address("127.0.0.1");
    private static final InetAddress CLIENT = address("127.0.0.2");

    @TempDir
    Path tmp;
    private final List<FrisbeeImageServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(FrisbeeImageServer::stop);
    }

    private static InetAddress address(String dotted) {
        return TestData.address(dotted);
    }

    private Path randomFile(String name, long size) throws IOException {
        return TestData.randomFile(tmp.resolve(name), size);
    }

    private FrisbeeImageServer serve(Path file, InetAddress destination) throws IOException {
        // Unpaced, so the suite stays quick; pacing has unit tests of its own.
        return serve(file, destination, 0);
    }

    /** A server capped at {@code bitsPerSecond} (0: no cap, no gap). */
    private FrisbeeImageServer serve(Path file, InetAddress destination, long bitsPerSecond) throws IOException {
        ServerSettings s = ServerSettings.defaults(file, SERVER, destination, 0).withPacing(bitsPerSecond, 64, 0)
                .withInactivityTimeout(Duration.ofSeconds(60));
        FrisbeeImageServer server = FrisbeeImageServer.start(s);
        servers.add(server);
        return server;
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertEquals(Files.size(expected), Files.size(actual));
        assertEquals(-1L, Files.mismatch(expected, actual), "first differing byte");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 1, 1024, 1 << 20, (1 << 20) + 1, 50_000_000})
    void unicastDownloadIsByteIdentical(long size) throws Exception {
        Path original = randomFile("image-" + size, size);
        FrisbeeImageServer server = serve(original, CLIENT);
        Path copy = tmp.resolve("copy-" + size);

        DownloadResult result = FrisbeeClient.download(new DownloadTarget(SERVER, SERVER, server.port(), CLIENT), copy,
                FrisbeeClient.Options.defaults());

        assertEquals(size, result.bytes());
        assertSameBytes(original, copy);
    }

    @Test
    void lossyRunStillCompletes() throws Exception {
        Path original = randomFile("lossy", 8L << 20);
        FrisbeeImageServer server = serve(original, CLIENT);
        Path copy = tmp.resolve("lossy-copy");
        DownloadResult r = FrisbeeClient.download(new DownloadTarget(SERVER, SERVER, server.port(), CLIENT), copy,
                FrisbeeClient.Options.defaults().withLoss(PacketLoss.random(0.05, 42)));
        assertSameBytes(original, copy);
        assertTrue(r.requests() > 8, "lost blocks were asked for again: " + r.requests() + " requests");
    }

    @Test
    void fourConcurrentMulticastClientsOfOneServer() throws Exception {
        InetAddress group = address("239.192.77.1");
        assumeTrue(multicastLoopbackWorks(group), "multicast on loopback is not available on this kernel");
        Path original = randomFile("mcast", (6L << 20) + 333);
        FrisbeeImageServer server = serve(original, group);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> copies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                InetAddress local = address("127.0.0." + (10 + i));
                Path copy = tmp.resolve("mcast-copy-" + i);
                copies.add(pool.submit(() -> {
                    FrisbeeClient.download(new DownloadTarget(SERVER, group, server.port(), local), copy,
                            FrisbeeClient.Options.defaults());
                    return copy;
                }));
            }
            for (Future<Path> f : copies) {
                assertSameBytes(original, f.get(120, TimeUnit.SECONDS));
            }
            assertTrue(server.stats().joins() >= 4);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * While the server sends, its receiver must keep reading: a JOIN2 from a newcomer is answered
     * at once (the C client takes a reply only within 30 ms), not after the stream.
     */
    @Test
    void aJoinWhileTheServerStreamsIsAnsweredAtOnce() throws Exception {
        Path original = randomFile("streaming", 8L << 20);
        // Capped at 50 Mbit/s, so the stream lasts over a second, longer than the probing.
        FrisbeeImageServer server = serve(original, CLIENT, 50_000_000L);
        InetAddress prober = address("127.0.0.3");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(prober, server.port()))) {
            Future<DownloadResult> download = pool.submit(() -> FrisbeeClient.download(
                    new DownloadTarget(SERVER, SERVER, server.port(), CLIENT), tmp.resolve("streaming-copy"),
                    FrisbeeClient.Options.defaults()));
            await("the stream starts").atMost(Duration.ofSeconds(10)).until(() -> server.stats().blocksSent() > 0);

            long[] millis = new long[20];
            byte[] join = new FrisbeePacket.Join2(false, 7, 0, 1024, 1024, 0).toBytes(Ipv4.toInt(prober));
            probe.socket().setSoTimeout(2000);
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                probe.send(ByteBuffer.wrap(join), new InetSocketAddress(SERVER, server.port()));
                DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                probe.socket().receive(reply); // a SocketTimeoutException fails the test
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
                FrisbeePacket answer = FrisbeePackets.decode(ByteBuffer.wrap(reply.getData(), 0, reply.getLength()));
                assertTrue(answer instanceof FrisbeePacket.Join2 j && j.reply() && j.byteCount() == (8L << 20), answer.toString());
            }
            assertFalse(download.isDone(), "the probes must have run while the stream ran");
            Arrays.sort(millis);
            assertTrue(millis[millis.length / 2] < 30, "median JOIN2 reply " + millis[millis.length / 2] + " ms");
            download.get(60, TimeUnit.SECONDS);
            assertSameBytes(original, tmp.resolve("streaming-copy"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedPacketsOfEverySubtypeAreDroppedAndTheServerKeepsServing() throws Exception {
        Path original = randomFile("robust", (3L << 20) - 5000); // chunk 2 holds 1020 blocks
        FrisbeeImageServer server = serve(original, CLIENT);
        InetSocketAddress to = new InetSocketAddress(SERVER, server.port());
        InetAddress attackerIp = address("127.0.0.3");
        int src = Ipv4.toInt(attackerIp);
        List<byte[]> garbage = new ArrayList<>();
        for (int subtype = 0; subtype <= 9; subtype++) {
            garbage.add(header(1, subtype, 0, 16, src));                 // no body at all
            garbage.add(header(1, subtype, 4000, 16 + 8, src));          // datalen beyond the datagram
            garbage.add(header(1, subtype, -1, 16, src));                // negative datalen
        }
        garbage.add(new FrisbeePacket.Request(99, 0, 1).toBytes(src));      // chunk past the end
        garbage.add(new FrisbeePacket.Request(0, 1000, 100).toBytes(src));  // run past the chunk
        garbage.add(new FrisbeePacket.Request(0, -1, 1).toBytes(src));
        garbage.add(new FrisbeePacket.Request(0, 0, 0).toBytes(src));       // C frisbeed aborts on this
        garbage.add(new FrisbeePacket.Request(0, 1023, 0x7fffffff).toBytes(src)); // block + count overflows an int
        garbage.add(new FrisbeePacket.Request(2, 1000, 24).toBytes(src));   // past the end of the file
        garbage.add(new FrisbeePacket.PartialRequest(-3, 0, new byte[128]).toBytes(src));
        garbage.add(new FrisbeePacket.Request(0, 0, 1).toBytes(Ipv4.parse("10.9.9.9"))); // srcip is not the source
        garbage.add(new byte[3]);
        garbage.add(new byte[2000]);
        try (DatagramChannel attacker = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(attackerIp, server.port()));
             DatagramChannel wrongPort = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(attackerIp, 0))) {
            for (byte[] g : garbage) {
                attacker.send(ByteBuffer.wrap(g), to);
            }
            wrongPort.send(ByteBuffer.wrap(new FrisbeePacket.Request(0, 0, 1).toBytes(src)), to);
            // All but the body-less BLOCK header, which a server ignores as it does its own looped-back BLOCKs.
            long sent = garbage.size() + 1 - 1;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.stats().badPackets(), n -> n >= sent);
        }
        Path copy = tmp.resolve("robust-copy");
        FrisbeeClient.download(new DownloadTarget(SERVER, SERVER, server.port(), CLIENT), copy, FrisbeeClient.Options.defaults());
        assertSameBytes(original, copy);
        ServerStats st = server.stats();
        assertEquals(1, st.dropped(ServerStats.Drop.ZERO_COUNT));
        assertEquals(2, st.dropped(ServerStats.Drop.PAST_CHUNK_END), "run past the chunk, and the overflow");
        assertEquals(1, st.dropped(ServerStats.Drop.PAST_FILE_END));
        assertEquals(2, st.dropped(ServerStats.Drop.BAD_SOURCE), "srcip 10.9.9.9, and the all-zero datagram's srcip 0");
        assertEquals(1, st.dropped(ServerStats.Drop.BAD_PORT));
        assertEquals(0, st.dropped(ServerStats.Drop.INTERNAL_ERROR));
        assertTrue(st.badPackets() >= 30, "bad packets counted: " + st.badPackets());
    }

    @Test
    void serverExitsAfterItsInactivityTimeout() throws Exception {
        ServerSettings s = ServerSettings.defaults(randomFile("idle", 10), SERVER, CLIENT, 0)
                .withInactivityTimeout(Duration.ofMillis(300));
        FrisbeeImageServer server = FrisbeeImageServer.start(s);
        servers.add(server);
        assertEquals(FrisbeeImageServer.EXIT_IDLE, server.exit().get(10, TimeUnit.SECONDS));
    }

    private static byte[] header(int type, int subtype, int datalen, int total, int srcIp) {
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(subtype).putInt(datalen).order(ByteOrder.BIG_ENDIAN).putInt(srcIp);
        return b.array();
    }

    /** Sends one datagram to a group on loopback and sees whether it comes back. */
    static boolean multicastLoopbackWorks(InetAddress group) {
        try (DatagramChannel rx = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true).bind(new InetSocketAddress(group, 0));
             DatagramChannel tx = DatagramChannel.open(StandardProtocolFamily.INET)) {
            var lo = java.net.NetworkInterface.getByInetAddress(SERVER);
            rx.join(group, lo);
            tx.setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF, lo);
            tx.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(group, ((InetSocketAddress) rx.getLocalAddress()).getPort()));
            rx.configureBlocking(false);
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                if (rx.receive(ByteBuffer.allocate(8)) != null) {
                    return true;
                }
                Thread.onSpinWait();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
