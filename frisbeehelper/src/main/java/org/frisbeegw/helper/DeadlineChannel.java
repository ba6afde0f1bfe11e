package org.frisbeegw.helper;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A TCP connection whose connect, write and read each finish within a deadline, using a
 * non-blocking channel and a selector (plain socket timeouts cannot bound a blocked write).
 */
final class DeadlineChannel implements Closeable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final InetSocketAddress peer;

    private DeadlineChannel(SocketChannel channel, Selector selector, InetSocketAddress peer) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.peer = peer;
        this.key = channel.register(selector, 0);
    }

    /** Connects from {@code local} (null: the kernel's choice) to {@code peer}. */
    static DeadlineChannel connect(InetSocketAddress peer, InetAddress local, Duration deadline) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            if (local != null) {
                channel.bind(new InetSocketAddress(local, 0));
            }
            selector = Selector.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            DeadlineChannel c = new DeadlineChannel(channel, selector, peer);
            if (!channel.connect(peer)) {
                long end = System.nanoTime() + deadline.toNanos();
                while (!channel.finishConnect()) {
                    c.await(SelectionKey.OP_CONNECT, end, "connect to " + peer);
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    void writeFully(ByteBuffer data, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (data.hasRemaining()) {
            if (channel.write(data) == 0) {
                await(SelectionKey.OP_WRITE, end, "send to " + peer);
            }
        }
    }

    /** Reads exactly {@code length} bytes or fails on EOF or the deadline. */
    byte[] readFully(int length, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        ByteBuffer in = ByteBuffer.allocate(length);
        while (in.hasRemaining()) {
            int n = channel.read(in);
            if (n < 0) {
                throw new MasterClientException(peer + " closed the connection after " + in.position()
                        + " of " + length + " reply bytes");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, end, "reply from " + peer + " (" + in.position() + " of " + length + " bytes)");
            }
        }
        return in.array();
    }

    private void await(int op, long endNanos, String what) throws IOException {
        key.interestOps(op);
        long remainingMs = (endNanos - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0 || selector.select(remainingMs) == 0 && System.nanoTime() >= endNanos) {
            throw new MasterClientException("timed out: " + what);
        }
        selector.selectedKeys().clear();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }
}
