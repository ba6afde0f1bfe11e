package org.frisbeegw.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** What tmcc-nossl does on the wire, from a chosen node address. */
final class Tmcc {
    private final InetAddress node;
    private final InetSocketAddress tmcd;

    Tmcc(String node, int port) throws IOException {
        this.node = InetAddress.getByName(node);
        this.tmcd = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    }

    /** Sends the request, half-closes, reads to EOF (an empty string is tmcd's empty reply). */
    String tcp(String request) throws IOException {
        return new String(tcpBytes(request.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    byte[] tcpBytes(byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(node, 0));
            s.connect(tmcd, 5000);
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(request);
                s.shutdownOutput();
            } catch (IOException e) {
                // the server may close on an oversized request before we finish writing
            }
            try {
                return s.getInputStream().readAllBytes();
            } catch (java.net.SocketException e) {
                return new byte[0]; // reset after a refused oversized request: no reply
            }
        }
    }

    /** One datagram; null when no reply comes within the wait (tmcd's empty UDP reply). */
    String udp(String request, int waitMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(node, 0))) {
            byte[] out = request.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(out, out.length, tmcd));
            s.setSoTimeout(waitMillis);
            byte[] buf = new byte[2047];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                return new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
    }
}
