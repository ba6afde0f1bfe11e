package org.frisbeegw.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny stand-in for the real tmcd on 127.0.0.1 (TCP and UDP on one port): records each request
 * and the address it came from, and answers "status" with "FREE" as tmcd does for a free node.
 */
final class FakeUpstreamTmcd implements AutoCloseable {
    record Seen(String from, String request, String transport) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ServerSocket tcp;
    private final DatagramSocket udp;

    FakeUpstreamTmcd() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        tcp = new ServerSocket(0, 50, lo);
        udp = new DatagramSocket(new InetSocketAddress(lo, tcp.getLocalPort()));
        start(this::serveTcp, "fake-tmcd-tcp");
        start(this::serveUdp, "fake-tmcd-udp");
    }

    InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static byte[] answer(String request) {
        return request.contains(" status ") ? "FREE\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                String request = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                seen.add(new Seen(s.getInetAddress().getHostAddress(), request, "TCP"));
                s.getOutputStream().write(answer(request));
            } catch (IOException e) {
                // closed: the tests assert on what was seen
            }
        }
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                String request = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                seen.add(new Seen(p.getAddress().getHostAddress(), request, "UDP"));
                byte[] reply = answer(request);
                if (reply.length > 0) {
                    udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }
}
