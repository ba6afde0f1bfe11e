package org.frisbeegw.helper;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Client of the gateway's local admin control (a unix socket, see the gateway's
 * {@code --admin-socket}): one request line, the reply lines up to EOF, all within a deadline.
 */
public final class AdminClient {
    /** Longest reply we read: a line per running server is far less. */
    private static final int MAX_REPLY = 1 << 20;

    private final Path socket;
    private final Duration deadline;

    public AdminClient(Path socket, Duration deadline) {
        this.socket = socket;
        this.deadline = deadline;
    }

    /** Sends {@code request} and returns the reply's lines (the last is "ok N" or "error ..."). */
    public List<String> ask(String request) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Selector selector = Selector.open()) {
            ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer in = ByteBuffer.allocate(MAX_REPLY);
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new IOException("no reply from " + socket + " within " + deadline.toSeconds() + " s");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (channel.read(in) < 0 || !in.hasRemaining()) {
                    break;
                }
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
