package org.frisbeegw.helper.data;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.data.DataProtocol;

/**
 * The UDP sockets of one Frisbee peer, server or client, arranged so that C peers accept what we
 * send (frisbee-data-protocol.md §1, §12 rules 1, 2, 15): every packet leaves from a socket bound
 * to {@code own:port}, so the IP source is {@code own}, which is also what we write as srcip, and
 * the UDP source port is the data port. A second socket receives what is sent to everyone: bound
 * to {@code group:port} for a multicast group we join (so it never sees another group's traffic
 * on the same port), to the wildcard address at the data port for broadcast. Multicast: TTL 5 as C; loopback
 * delivery on, so peers on the same host (tests, a co-located client) hear us.
 */
public final class DataSockets implements AutoCloseable {
    private static final int BUFFER_BYTES = 512 * 1024;

    /** Our address as the wire's int: the srcip of every packet (fixed, so computed once). */
    private final int srcIp;
    private final int port;
    private final DatagramChannel unicast;
    private final DatagramChannel shared;
    private final Selector selector;
    /** The sockets datagrams are read from: the unicast one, then the shared one if any. */
    private final List<DatagramChannel> receiving;

    private DataSockets(InetAddress own, int port, DatagramChannel unicast, DatagramChannel shared, Selector selector) {
        this.srcIp = Ipv4.toInt(own);
        this.port = port;
        this.unicast = unicast;
        this.shared = shared;
        this.selector = selector;
        this.receiving = shared == null ? List.of(unicast) : List.of(unicast, shared);
    }

    /**
     * Binds {@code own:port} (port 0: the kernel's choice, then the shared socket takes the same
     * port) and, when {@code everyone} is a multicast or broadcast address, {@code everyone:port}.
     */
    public static DataSockets open(InetAddress own, int port, InetAddress everyone, boolean broadcast, int receiveBuffer)
            throws IOException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Selector selector = Selector.open();
            opened.add(selector);
            DatagramChannel unicast = DatagramChannel.open(StandardProtocolFamily.INET);
            opened.add(unicast);
            boolean broadcasting = broadcast && !everyone.isMulticastAddress();
            // Both sockets of a broadcast peer share the port (the listener is bound to the wildcard).
            unicast.setOption(StandardSocketOptions.SO_REUSEADDR, broadcasting)
                    .setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES)
                    .setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer)
                    .bind(new InetSocketAddress(own, port));
            int bound = ((InetSocketAddress) unicast.getLocalAddress()).getPort();
            DatagramChannel shared = null;
            if (everyone.isMulticastAddress()) {
                NetworkInterface nif = NetworkInterfaces.forAddress(own);
                unicast.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif)
                        .setOption(StandardSocketOptions.IP_MULTICAST_TTL, DataProtocol.MULTICAST_TTL)
                        .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                shared = DatagramChannel.open(StandardProtocolFamily.INET);
                opened.add(shared);
                shared.setOption(StandardSocketOptions.SO_REUSEADDR, true)
                        .setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer)
                        .bind(new InetSocketAddress(everyone, bound));
                shared.join(everyone, nif);
            } else if (broadcasting) {
                // The JDK will not bind a broadcast address, so the listener takes the wildcard:
                // broadcasts reach only it, unicast to own:port still goes to the exact-address socket.
                unicast.setOption(StandardSocketOptions.SO_BROADCAST, true);
                shared = DatagramChannel.open(StandardProtocolFamily.INET);
                opened.add(shared);
                shared.setOption(StandardSocketOptions.SO_REUSEADDR, true)
                        .setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer)
                        .bind(new InetSocketAddress(bound));
            }
            unicast.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            if (shared != null) {
                shared.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            }
            return new DataSockets(own, bound, unicast, shared, selector);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The data port: source and destination of every packet. */
    public int port() {
        return port;
    }

    /** Our srcip: the address every packet leaves from. */
    public int srcIp() {
        return srcIp;
    }

    /** Sends one datagram to {@code to} at the data port. Thread-safe (the channel locks its writes). */
    public void send(ByteBuffer datagram, InetAddress to) throws IOException {
        unicast.send(datagram, new InetSocketAddress(to, port));
    }

    /** The same, to a full address (kept so the hot path need not build one per packet). */
    public void send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        unicast.send(datagram, to);
    }

    /** Waits up to {@code millis} (0: not at all) until a datagram waits on either socket; true if one waits. */
    public boolean await(long millis) throws IOException {
        int ready = millis == 0 ? selector.selectNow() : selector.select(millis);
        selector.selectedKeys().clear();
        return ready > 0;
    }

    /** Hands every datagram already waiting on either socket to {@code handler}, waiting for none; returns how many. */
    public int drain(ByteBuffer into, DatagramHandler handler) throws IOException {
        int taken = 0;
        for (DatagramChannel ch : receiving) {
            for (InetSocketAddress from; (from = receive(ch, into)) != null; taken++) {
                handler.handle(into, from);
            }
        }
        return taken;
    }

    /** One datagram from a ready channel into {@code into} (flipped), or null when none is waiting. */
    private static InetSocketAddress receive(DatagramChannel ch, ByteBuffer into) throws IOException {
        into.clear();
        InetSocketAddress from = (InetSocketAddress) ch.receive(into);
        into.flip();
        return from;
    }

    /** Takes one received datagram, flipped in the buffer, and who sent it. */
    @FunctionalInterface
    public interface DatagramHandler {
        void handle(ByteBuffer datagram, InetSocketAddress from) throws IOException;
    }

    public boolean isOpen() {
        return unicast.isOpen();
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {selector, unicast, shared}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing: nothing left to do with it
                }
            }
        }
    }

    /** 255.255.255.255: the address a broadcast (-b) stream is sent to. */
    public static boolean isLimitedBroadcast(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && b[0] == -1 && b[1] == -1 && b[2] == -1 && b[3] == -1;
    }
}
