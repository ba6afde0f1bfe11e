package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The least a master server can do per request, as the baseline for {@code bench master}: one
 * thread, one selector, no framework; accept, read the 272-byte request, write a fixed 288-byte
 * reply, close. It checks nothing and decides nothing, so the gateway's ratio to it is the cost
 * of everything the gateway does on top of the system calls.
 */
final class NioBaseline implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread loop;
    private final int requestLength;
    private final byte[] reply;

    private NioBaseline(ServerSocketChannel server, Selector selector, int requestLength, byte[] reply) {
        this.server = server;
        this.selector = selector;
        this.requestLength = requestLength;
        this.reply = reply;
        this.loop = new Thread(this::run, "nio-baseline");
        this.loop.setDaemon(true);
    }

    static NioBaseline start(InetAddress address, int requestLength, byte[] reply) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(address, 0), 1024);
        server.configureBlocking(false);
        Selector selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        NioBaseline b = new NioBaseline(server, selector, requestLength, reply);
        b.loop.start();
        return b;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private void run() {
        try {
            while (selector.isOpen()) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey k = keys.next();
                    keys.remove();
                    if (k.isValid() && k.isAcceptable()) {
                        accept();
                    } else if (k.isValid() && k.isReadable()) {
                        read(k);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed: the benchmark is over
        }
    }

    private void accept() throws IOException {
        for (SocketChannel c; (c = server.accept()) != null; ) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(requestLength));
        }
    }

    private void read(SelectionKey k) throws IOException {
        SocketChannel c = (SocketChannel) k.channel();
        ByteBuffer in = (ByteBuffer) k.attachment();
        if (c.read(in) < 0 || !in.hasRemaining()) {
            if (!in.hasRemaining()) {
                c.write(ByteBuffer.wrap(reply)); // 288 bytes always fit an empty socket buffer
            }
            k.cancel();
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        server.close();
    }
}
