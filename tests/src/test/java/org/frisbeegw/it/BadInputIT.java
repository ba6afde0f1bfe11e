package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed, slow and numerous clients: each gets a logged close, and the server keeps serving. */
class BadInputIT {
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(tmp, "--launcher", "external", "--frisbeed", FakeFrisbeed.running(tmp.resolve("bin")).binary.toString(),
                "--max-connections-per-source", "5000", "--max-connection-rate", "100000", "--connection-burst", "100000",
                "--request-deadline", "500");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private static byte[] validStatusRequest() {
        return new GetRequest(0, TransferMethods.ANY, true, TestGateway.IMAGE).toBytes();
    }

    /** Sends the bytes and expects the server to close without replying; then checks it still serves. */
    private void assertClosedWithoutReply(byte[] bytes) throws Exception {
        try (RawConnection c = new RawConnection(gw.address())) {
            byte[] reply = c.send(bytes).readUntilClosed(CLOSE_LIMIT);
            assertEquals(0, reply.length, "no reply to a malformed request");
        }
        assertEquals(0, gw.client().status(TestGateway.IMAGE).error(), "server still serves after bad input");
    }

    @Test
    void truncatedHeaderThenHalfCloseIsClosed() throws Exception {
        assertClosedWithoutReply(new byte[] {'V', '0', '1', 0, 0});
    }

    @Test
    void wrongVersionIsClosedWithoutReply() throws Exception {
        byte[] v02 = validStatusRequest();
        v02[2] = '2';
        assertClosedWithoutReply(v02);
        byte[] noNul = validStatusRequest();
        noNul[3] = '1';
        assertClosedWithoutReply(noNul);
    }

    @Test
    void unknownAndReplyTypesAreClosed() throws Exception {
        for (int type : new int[] {0, 2, 4, 5, -1}) {
            byte[] b = validStatusRequest();
            ByteBuffer.wrap(b).putInt(4, type);
            assertClosedWithoutReply(b);
        }
    }

    @Test
    void idlenOf300IsClosed() throws Exception {
        byte[] b = validStatusRequest();
        ByteBuffer.wrap(b).putShort(14, (short) 300);
        assertClosedWithoutReply(b);
    }

    @Test
    void oneByteThenSilenceTimesOutAndCloses() throws Exception {
        long start = System.nanoTime();
        assertClosedWithoutReply(new byte[] {'V'});
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 400, "closed by the 500 ms request deadline, not at once: " + ms + " ms");
    }

    @Test
    void requestSplitAcrossWritesAndTrailingBytesAreFine() throws Exception {
        byte[] req = validStatusRequest();
        byte[] trailing = new byte[1000];
        try (RawConnection c = new RawConnection(gw.address())) {
            c.send(Arrays.copyOfRange(req, 0, 3)).send(Arrays.copyOfRange(req, 3, 100))
                    .send(Arrays.copyOfRange(req, 100, req.length)).send(trailing);
            byte[] reply = c.readUntilClosed(CLOSE_LIMIT);
            assertEquals(288, reply.length);
            assertEquals(0, GetReply.decode(ByteBuffer.wrap(reply)).error());
        }
    }

    @Test
    void silentClientsDoNotDelayOthers() throws Exception {
        List<RawConnection> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                silent.add(new RawConnection(gw.address()).send(new byte[] {'V', '0'}));
            }
            MasterClient quick = new MasterClient(gw.address(), Deadlines.uniform(Duration.ofMillis(400)), RetryPolicy.NONE);
            assertEquals(0, quick.status(TestGateway.IMAGE).error(), "answered while 50 clients stall");
        } finally {
            for (RawConnection c : silent) {
                c.close();
            }
        }
    }

    @Test
    void thousandConcurrentStatusGetsAllSucceed() throws Exception {
        int n = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            MasterClient client = new MasterClient(gw.address(), Deadlines.uniform(Duration.ofSeconds(20)), RetryPolicy.NONE);
            List<Future<GetReply>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return client.status(TestGateway.IMAGE);
                }));
            }
            go.countDown();
            for (Future<GetReply> f : replies) {
                GetReply r = f.get(60, TimeUnit.SECONDS);
                assertEquals(0, r.error());
                assertEquals(TestGateway.IMAGE_SIZE, r.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
