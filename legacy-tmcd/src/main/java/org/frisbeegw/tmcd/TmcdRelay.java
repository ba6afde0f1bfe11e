package org.frisbeegw.tmcd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Passes a node's request to the real tmcd unchanged but for a {@code REDIRECT=<node IP> } prefix,
 * sent from tmcd's own address so tmcd accepts it (legacy-tmcd.md §5.2). TCP: one write,
 * half-close, read to EOF. UDP: one datagram, at most one answer.
 */
public final class TmcdRelay {
    /** tmcd cuts UDP replies at this size. */
    static final int MAX_UDP_REPLY = 8192;
    private static final int MAX_TCP_REPLY = 1 << 20;

    private final InetSocketAddress upstream;
    private final InetAddress self;
    private final Duration timeout;

    public TmcdRelay(InetSocketAddress upstream, InetAddress self, Duration timeout) {
        this.upstream = upstream;
        this.self = self;
        this.timeout = timeout;
    }

    static byte[] redirected(byte[] request, InetAddress node) {
        byte[] prefix = ("REDIRECT=" + node.getHostAddress() + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + request.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(request, 0, all, prefix.length, request.length);
        return all;
    }

    public byte[] overTcp(byte[] request, InetAddress node) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(self, 0));
            s.connect(upstream, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(redirected(request, node));
            s.shutdownOutput();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                reply.write(buf, 0, n);
                if (reply.size() > MAX_TCP_REPLY) {
                    throw new IOException("upstream tmcd reply over " + MAX_TCP_REPLY + " bytes");
                }
            }
            return reply.toByteArray();
        }
    }

    public byte[] overUdp(byte[] request, InetAddress node) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(self, 0))) {
            byte[] out = redirected(request, node);
            s.send(new DatagramPacket(out, out.length, upstream));
            s.setSoTimeout((int) timeout.toMillis());
            byte[] buf = new byte[MAX_UDP_REPLY];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            try {
                s.receive(reply);
            } catch (SocketTimeoutException e) {
                return new byte[0];
            }
            byte[] result = new byte[reply.getLength()];
            System.arraycopy(buf, 0, result, 0, result.length);
            return result;
        }
    }
}
