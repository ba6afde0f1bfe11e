package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source floods the master server with bad requests; another source is served throughout. */
class FloodIT {
    private static final int BAD_REQUESTS = 10_000;

    @TempDir
    Path tmp;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        // A sequential client makes a few hundred connections a second; eight flooding threads far more.
        gw = TestGateway.start(tmp, "--max-connections-per-source", "16", "--max-connection-rate", "1000",
                "--connection-burst", "500", "--request-deadline", "1000");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void tenThousandBadRequestsFromOneSourceDoNotStopAnother() throws Exception {
        InetAddress flooder = InetAddress.getByName("127.0.0.50");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger sent = new AtomicInteger();
        try {
            List<Future<?>> flood = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                flood.add(pool.submit(() -> {
                    while (sent.getAndIncrement() < BAD_REQUESTS) {
                        badRequest(flooder);
                    }
                    return null;
                }));
            }
            MasterClient good = new MasterClient(gw.address(), Deadlines.uniform(Duration.ofSeconds(5)), RetryPolicy.NONE)
                    .withLocalAddress(InetAddress.getByName("127.0.0.51"));
            int served = 0;
            while (!flood.stream().allMatch(Future::isDone)) {
                GetReply r = good.status(TestGateway.IMAGE);
                assertEquals(0, r.error(), "the other source is answered during the flood");
                served++;
            }
            for (Future<?> f : flood) {
                f.get(5, TimeUnit.MINUTES);
            }
            assertTrue(served > 10, "the good source was served " + served + " times during the flood");
            assertTrue(gw.gateway.refusedConnections() > 0, "the flooding source was throttled");
            assertEquals(0, good.status(TestGateway.IMAGE).error(), "and still served afterwards");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A connection with a wrong-version header; refused, closed or answered with nothing. */
    private void badRequest(InetAddress from) {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // no TIME_WAIT pile-up on the flooding side
            s.bind(new InetSocketAddress(from, 0));
            s.connect(gw.address(), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {'V', '0', '9', 0, 0, 0, 0, 1});
            s.getInputStream().read();
        } catch (IOException expected) {
            // refused or reset: that is the point
        }
    }
}
