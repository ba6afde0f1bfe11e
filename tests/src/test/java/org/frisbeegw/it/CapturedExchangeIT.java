package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.frisbeegw.gateway.servers.ClientTable;
import org.frisbeegw.gateway.frisbee.FrisbeeImageServer;
import org.frisbeegw.gateway.frisbee.ServerSettings;
import org.frisbeegw.gateway.servers.ServerStats;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.data.Capture;
import org.frisbeegw.wire.data.DataProtocol;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.frisbeegw.wire.data.PacketHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C client's captured packets, replayed to our built-in server (addresses rewritten to the
 * test's), must get the answers the C frisbeed gave in the same capture, byte for byte: the
 * server serves the captures' own files (byte i = i mod 255 + 1) on 127.0.0.1, the "C client"
 * is a socket on 127.0.0.2 at the data port.
 */
class CapturedExchangeIT {
    private static final InetAddress SERVER = address("127.0.0.1");
    private static final InetAddress CLIENT = address("127.0.0.2");
    private static final Duration ANSWER = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static InetAddress address(String dotted) {
        return TestData.address(dotted);
    }

    private FrisbeeImageServer serve(int size, InetAddress destination) throws IOException {
        Path file = tmp.resolve("f" + size);
        Files.write(file, Capture.servedFile(size));
        FrisbeeImageServer s = FrisbeeImageServer.start(ServerSettings.defaults(file, SERVER, destination, 0)
                .withInactivityTimeout(Duration.ofSeconds(60)));
        open.add(s::stop);
        return s;
    }

    private DatagramChannel client(FrisbeeImageServer server) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(CLIENT, server.port()));
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        open.add(ch);
        return ch;
    }

    /** The capture's packet as our test client sends it: srcip rewritten to 127.0.0.2. */
    private static byte[] asSentByUs(String capture) {
        return withSrcIp(Capture.load(capture).payload(), CLIENT);
    }

    /** The capture's reply as our server must send it: srcip 127.0.0.1. */
    private static byte[] asExpectedFromServer(String capture) {
        return withSrcIp(Capture.load(capture).payload(), SERVER);
    }

    private static byte[] withSrcIp(byte[] packet, InetAddress ip) {
        byte[] b = packet.clone();
        ByteBuffer.wrap(b).putInt(12, Ipv4.toInt(ip));
        return b;
    }

    private static void send(DatagramChannel ch, byte[] packet, FrisbeeImageServer to) throws IOException {
        ch.send(ByteBuffer.wrap(packet), new InetSocketAddress(SERVER, to.port()));
    }

    /** The next datagram, with where it came from; fails after the deadline. */
    private static Received receive(DatagramChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        ch.socket().setSoTimeout((int) ANSWER.toMillis());
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf.array(), buf.capacity());
        try {
            ch.socket().receive(p);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no datagram within " + ANSWER, e);
        }
        return new Received(Arrays.copyOf(p.getData(), p.getLength()), (InetSocketAddress) p.getSocketAddress());
    }

    private record Received(byte[] bytes, InetSocketAddress from) {
    }

    @Test
    void join2GetsTheCapturedReplyAtOnceFromTheDataPort() throws Exception {
        FrisbeeImageServer server = serve(3000, CLIENT);
        DatagramChannel c = client(server);
        long t0 = System.nanoTime();
        send(c, asSentByUs("uc-join2-request"), server);
        Received r = receive(c);
        long micros = (System.nanoTime() - t0) / 1000;
        assertArrayEquals(asExpectedFromServer("uc-join2-reply"), r.bytes(), "reply as C frisbeed sent it");
        assertEquals(new InetSocketAddress(SERVER, server.port()), r.from(), "from servaddr at the data port");
        assertTrue(micros < 30_000, "the C client takes a JOIN2 reply only within 30 ms; took " + micros + " us");
        // The reply goes out before the client is recorded: that is what keeps it inside the window.
        Awaitility.await().atMost(ANSWER).until(() -> server.stats().activeClients() == 1);
    }

    @Test
    void shortChunkRequestGetsThreeBlocksTheLastZeroPadded() throws Exception {
        FrisbeeImageServer server = serve(3000, CLIENT);
        DatagramChannel c = client(server);
        send(c, asSentByUs("uc-join2-request"), server);
        receive(c);
        send(c, asSentByUs("uc-request-short-chunk"), server);
        byte[][] blocks = {receive(c).bytes(), receive(c).bytes(), receive(c).bytes()};
        byte[] first = asExpectedFromServer("uc-block-first");
        assertArrayEquals(first, Arrays.copyOf(blocks[0], first.length), "first block, as far as captured");
        assertEquals(1048, blocks[0].length);
        assertEquals(1, ByteBuffer.wrap(blocks[1]).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(20), "block 1");
        assertArrayEquals(asExpectedFromServer("uc-block-last-short"), blocks[2]);
    }

    @Test
    void lastChunkOfOneBlockIsThePaddedTail() throws Exception {
        FrisbeeImageServer server = serve((1 << 20) + 1000, CLIENT);
        DatagramChannel c = client(server);
        send(c, asSentByUs("uc1m-request-last-chunk"), server);
        assertArrayEquals(asExpectedFromServer("uc1m-block-last-short"), receive(c).bytes());
    }

    @Test
    void joinV1IsAnsweredForAWholeMibFileAndIgnoredOtherwise() throws Exception {
        FrisbeeImageServer image = serve(2 << 20, CLIENT);
        DatagramChannel c = client(image);
        send(c, asSentByUs("join-v1-request"), image);
        assertArrayEquals(asExpectedFromServer("join-v1-reply"), receive(c).bytes());

        FrisbeeImageServer notImage = serve(3000, CLIENT);
        DatagramChannel d = client(notImage);
        send(d, asSentByUs("join-v1-request"), notImage);
        send(d, asSentByUs("uc-join2-request"), notImage);
        // Had the JOIN v1 been answered, its reply would arrive first.
        assertArrayEquals(asExpectedFromServer("uc-join2-reply"), receive(d).bytes());
        assertEquals(1, notImage.stats().dropped(ServerStats.Drop.JOIN_V1_NOT_IMAGE));
    }

    @Test
    void packetWhoseSrcipIsNotItsSourceIsDroppedAsByC() throws Exception {
        FrisbeeImageServer server = serve(3000, CLIENT);
        DatagramChannel c = client(server);
        send(c, Capture.load("bad-srcip-join2").payload(), server); // srcip 127.0.0.1, sent from 127.0.0.2
        send(c, asSentByUs("uc-join2-request"), server);
        assertArrayEquals(asExpectedFromServer("uc-join2-reply"), receive(c).bytes());
        assertEquals(1, server.stats().dropped(ServerStats.Drop.BAD_SOURCE));
        Awaitility.await().atMost(ANSWER).until(() -> server.stats().joins() == 1);
    }

    @Test
    void leave2IsKeptWithItsStatsAndStrayLeavesChangeNothing() throws Exception {
        FrisbeeImageServer server = serve(3000, CLIENT);
        DatagramChannel c = client(server);
        for (int i = 0; i < 3; i++) { // the C client resends until answered: still one client
            send(c, asSentByUs("uc-join2-request"), server);
            receive(c);
        }
        Awaitility.await().atMost(ANSWER).until(() -> server.stats().joins() == 1);
        assertEquals(1, server.stats().activeClients());
        byte[] stray = asSentByUs("uc-leave2");
        ByteBuffer.wrap(stray).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16, 12345); // another client id
        send(c, stray, server);
        send(c, asSentByUs("uc-leave2"), server);
        send(c, asSentByUs("uc-leave2"), server); // repeated
        Awaitility.await().atMost(ANSWER).until(() -> server.stats().leaves() + server.stats().spuriousLeaves() == 3);
        assertEquals(0, server.stats().activeClients());
        assertEquals(1, server.stats().leaves());
        assertEquals(2, server.stats().spuriousLeaves());
        ClientTable.Client left = server.stats().clients().get(0);
        assertEquals(2120052396, left.id());
        assertEquals(3000, left.stats().bytesWritten());
        assertEquals(1, left.stats().version());
    }

    @Test
    void partialRequestViaTheGroupGetsExactlyTheMissingBlocks() throws Exception {
        InetAddress group = address("239.211.7.1");
        assumeTrue(FrisbeeTransferIT.multicastLoopbackWorks(group), "multicast on loopback is not available");
        FrisbeeImageServer server = serve((1 << 20) + 1000, group);
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true).bind(new InetSocketAddress(group, server.port()));
        open.add(c);
        c.join(group, java.net.NetworkInterface.getByInetAddress(SERVER));
        DatagramChannel sender = client(server);
        sender.send(ByteBuffer.wrap(asSentByUs("mc-prequest")), new InetSocketAddress(group, server.port()));
        java.util.BitSet got = new java.util.BitSet();
        while (got.cardinality() < 293) {
            Received r = receive(c);
            PacketHeader h = PacketHeader.read(ByteBuffer.wrap(r.bytes()));
            if (h.subtype() == DataProtocol.BLOCK) {
                FrisbeePacket.Block b = (FrisbeePacket.Block) FrisbeePackets.decode(ByteBuffer.wrap(r.bytes()));
                assertEquals(0, b.chunk());
                assertTrue(b.block() < 293, "block " + b.block() + " was not asked for");
                assertEquals(Ipv4.toInt(SERVER), h.srcIp());
                got.set(b.block());
            }
        }
        assertEquals(293, got.cardinality());
    }

    @Test
    void zeroCountRequestIsDroppedWhereCAbortsAndServingGoesOn() throws Exception {
        FrisbeeImageServer server = serve(3000, CLIENT);
        DatagramChannel c = client(server);
        byte[] zero = asSentByUs("uc-request-short-chunk");
        ByteBuffer.wrap(zero).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(24, 0);
        send(c, zero, server);
        send(c, asSentByUs("uc-request-short-chunk"), server);
        byte[] first = asExpectedFromServer("uc-block-first");
        assertArrayEquals(first, Arrays.copyOf(receive(c).bytes(), first.length));
        assertEquals(1, server.stats().dropped(ServerStats.Drop.ZERO_COUNT));
        assertTrue(server.exit().getNow(null) == null, "still serving");
    }
}
