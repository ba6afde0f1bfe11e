package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversarial run's memory attack, scaled to a test: many sources, each under its own cap,
 * holding idle master connections against a gateway with a 64 MiB heap. The global cap turns the
 * excess away, the process survives, and once the idle connections go it serves again.
 */
class MemoryBoundsIT {
    @TempDir
    Path tmp;

    @Test
    void idleConnectionsFromManySourcesMeetTheGlobalCapAndASmallHeapSurvives() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Files.write(images.resolve("img"), new byte[4096]);
        Path log = tmp.resolve("gateway.log");
        int port = FreePorts.tcp();
        List<SocketChannel> idle = new ArrayList<>();
        try (GatewayProcess gw = GatewayProcess.startWithJvm(List.of("-Xmx64m"), log, port, "-I", images.toString(),
                "--max-connections", "1500", "--request-deadline", "60000", "--max-connection-rate", "100000",
                "--connection-burst", "100000")) {
            for (int src = 0; src < 40; src++) { // 40 sources x 50 idle connections, each under the 64 per source
                for (int i = 0; i < 50; i++) {
                    SocketChannel s = SocketChannel.open();
                    s.bind(new InetSocketAddress("127.0.0." + (60 + src), 0));
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    idle.add(s);
                }
            }
            long closedAtOnce = closedByPeer(idle, Duration.ofSeconds(3));
            assertTrue(closedAtOnce >= 2000 - 1500 - 5, closedAtOnce + " of 2000 turned away by the cap of 1500");
            assertTrue(gw.isAlive(), "the gateway survives");
            for (SocketChannel s : idle) {
                s.close();
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> gw.client().status("img").error() == 0);
            assertTrue(gw.isAlive());
        } finally {
            for (SocketChannel s : idle) {
                s.close();
            }
        }
        String logged = Files.readString(log);
        assertFalse(logged.contains("OutOfMemoryError"), "no OutOfMemoryError");
        assertTrue(logged.contains("connections open in all (limit 1500)"), "the refusal names the global limit");
        assertEquals(-1, logged.indexOf("Exception in thread"));
    }

    /** How many of {@code sockets} the gateway closes (EOF or reset) within {@code wait}. */
    private static long closedByPeer(List<SocketChannel> sockets, Duration wait) throws IOException {
        Set<SocketChannel> closed = new HashSet<>();
        try (Selector selector = Selector.open()) {
            for (SocketChannel s : sockets) {
                s.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            }
            ByteBuffer buf = ByteBuffer.allocate(16);
            long end = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < end) {
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel s = (SocketChannel) k.channel();
                    try {
                        buf.clear();
                        if (s.read(buf) < 0) {
                            closed.add(s);
                            k.cancel();
                        }
                    } catch (IOException reset) {
                        closed.add(s);
                        k.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return closed.size();
    }
}
