package org.frisbeegw.helper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Waiting on a peer's sockets and taking what waits there. */
class DataSocketsTest {
    private static final InetAddress A = address(1);
    private static final InetAddress B = address(2);

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Byte> drainAll(DataSockets s, int expected) throws Exception {
        List<Byte> got = new ArrayList<>();
        ByteBuffer into = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (got.size() < expected && System.nanoTime() < deadline) {
            if (s.await(100)) {
                s.drain(into, (datagram, from) -> {
                    assertEquals(new InetSocketAddress(B, s.port()), from, "from B at the data port");
                    got.add(datagram.get(datagram.position()));
                });
            }
        }
        return got;
    }

    @Test
    void drainTakesWhatWaitsInOrderWithoutWaiting() throws Exception {
        try (DataSockets a = DataSockets.open(A, 0, A, false, 1 << 16);
             DataSockets b = DataSockets.open(B, a.port(), A, false, 1 << 16)) {
            for (byte i = 1; i <= 3; i++) {
                b.send(ByteBuffer.wrap(new byte[] {i}), A);
            }
            List<Byte> got = new ArrayList<>();
            ByteBuffer into = ByteBuffer.allocate(2048);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.size() < 3 && System.nanoTime() < deadline) {
                a.drain(into, (datagram, from) -> got.add(datagram.get(datagram.position())));
                Thread.onSpinWait();
            }
            assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), got);
            assertEquals(0, a.drain(into, (datagram, from) -> { }), "nothing left");
        }
    }

    @Test
    void awaitIsWokenByADatagram() throws Exception {
        try (DataSockets a = DataSockets.open(A, 0, A, false, 1 << 16);
             DataSockets b = DataSockets.open(B, a.port(), A, false, 1 << 16)) {
            assertFalse(a.await(0), "nothing has arrived yet");
            CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.await(10_000);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long t0 = System.nanoTime();
            b.send(ByteBuffer.wrap(new byte[] {9}), A);
            assertTrue(woke.get(20, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "woken by the datagram, not the timeout");
            assertEquals(List.of((byte) 9), drainAll(a, 1));
        }
    }

    @Test
    void sendComesFromOwnAddressAtTheDataPort() throws Exception {
        try (DataSockets a = DataSockets.open(A, 0, A, false, 1 << 16);
             DataSockets b = DataSockets.open(B, a.port(), A, false, 1 << 16)) {
            b.send(ByteBuffer.wrap(new byte[] {5}), A);
            assertEquals(List.of((byte) 5), drainAll(a, 1)); // drainAll checks the source
        }
    }
}
