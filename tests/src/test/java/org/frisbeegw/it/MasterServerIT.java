package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reply path of the null-config master server, through real sockets and a real frisbeed process. */
class MasterServerIT {
    private static final int LOOPBACK = Ipv4.parse("127.0.0.1");

    @TempDir
    Path tmp;
    FakeFrisbeed frisbeed;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        frisbeed = FakeFrisbeed.running(tmp.resolve("bin"));
        gw = TestGateway.start(tmp, "--launcher", "external", "--frisbeed", frisbeed.binary.toString(), "--put-dir", tmp.resolve("uploads").toString(),
                "--put-max-size", "1000000");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void statusOfAnImageGivesSizeMtimeAndAllowedMethods() throws Exception {
        GetReply r = gw.client().status(TestGateway.IMAGE);
        assertEquals(new GetReply(TransferMethods.UNICAST | TransferMethods.MULTICAST, false, 0, 0, 0, 0,
                Signature.mtime(TestGateway.IMAGE_MTIME), TestGateway.IMAGE_SIZE), r);
    }

    @Test
    void statusOnlyGetNeverStartsAServer() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertFalse(gw.client().status(TestGateway.IMAGE).running());
        }
        assertTrue(frisbeed.launches().isEmpty());
        assertTrue(gw.gateway.servers().running().isEmpty());
    }

    @Test
    void getStartsFrisbeedWithTheSpecsCommandLineAndAnswersItsStream() throws Exception {
        GetReply r = gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);

        assertEquals(new GetReply(TransferMethods.MULTICAST, true, 0, LOOPBACK, Ipv4.parse("239.192.1.2"), 1283,
                Signature.mtime(TestGateway.IMAGE_MTIME), TestGateway.IMAGE_SIZE), r);
        await().atMost(Duration.ofSeconds(5)).until(() -> frisbeed.launches().size() == 1);
        FakeFrisbeed.Launch launch = frisbeed.launches().get(0);
        assertEquals(List.of("-i", "127.0.0.1", "-T", "180", "-W", "100000000", "-K", "15", "-m", "239.192.1.2",
                "-p", "1283", gw.images.resolve(TestGateway.IMAGE).toString()), launch.args());
        assertTrue(launch.alive());
    }

    @Test
    void secondGetReusesTheRunningServer() throws Exception {
        GetReply first = gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        GetReply second = gw.client().get(TestGateway.IMAGE, TransferMethods.ANY);
        assertEquals(first, second);
        GetReply status = gw.client().status(TestGateway.IMAGE);
        assertTrue(status.running());
        assertEquals(first.port(), status.port());
        assertEquals(1, frisbeed.launches().size());
    }

    @Test
    void secondUnicastClientGetsTryAgain() throws Exception {
        GetReply first = gw.client().get(TestGateway.IMAGE, TransferMethods.UNICAST);
        assertEquals(0, first.error());
        assertEquals(LOOPBACK, first.addr(), "unicast: the client is told the server's address");
        assertEquals(MsError.TRYAGAIN.code(), gw.client().get(TestGateway.IMAGE, TransferMethods.UNICAST).error());
    }

    @Test
    void errorRepliesForUnknownInvalidAndUnsafeNames() throws Exception {
        Files.createDirectories(gw.images.resolve("adir"));
        assertEquals(MsError.NOIMAGE.code(), gw.client().get("emulab-ops/NOPE", TransferMethods.MULTICAST).error());
        assertEquals(MsError.INVALID.code(), gw.client().get("adir", TransferMethods.MULTICAST).error());
        assertEquals(MsError.FAILED.code(), gw.client().get("../../etc/passwd", TransferMethods.MULTICAST).error());
        assertEquals(MsError.FAILED.code(), gw.client().status("a b").error());
        assertEquals(MsError.NOMETHOD.code(), gw.client().get(TestGateway.IMAGE, TransferMethods.BROADCAST).error());
        assertEquals(MsError.FAILED.code(), gw.client().proxyGet(Ipv4.parse("10.1.0.1"), TestGateway.IMAGE,
                TransferMethods.MULTICAST).error(), "the null config allows no proxies");
        assertTrue(frisbeed.launches().isEmpty());
    }

    @Test
    void putStoresTheUploadWithItsMtimeAndItCanThenBeServed() throws Exception {
        byte[] data = new byte[200_000];
        new java.util.Random(1).nextBytes(data);
        long mtime = 1_600_000_000L;
        PutReply reply = gw.client().put(new PutRequest(0, 0, "testbed/new.ndz", data.length, mtime, 30));
        assertEquals(0, reply.error());
        assertFalse(reply.exists());
        assertEquals(LOOPBACK, reply.addr());
        assertEquals(1_000_000, reply.maxSize());

        try (Socket s = new Socket(Ipv4.toAddress(reply.addr()), reply.port())) {
            OutputStream out = s.getOutputStream();
            out.write(data);
        }
        Path stored = gw.uploads.resolve("testbed/new.ndz");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stored));
        assertArrayEquals(data, Files.readAllBytes(stored));
        assertEquals(mtime * 1000, Files.getLastModifiedTime(stored).toMillis());
        assertFalse(Files.exists(gw.uploads.resolve("testbed/new.ndz.tmp")));

        GetReply status = gw.client().status("testbed/new.ndz");
        assertEquals(data.length, status.size());
        assertEquals(mtime, status.signature().mtimeSeconds());
    }

    @Test
    void putLimitsTooBigAndBadMtime() throws Exception {
        PutReply big = gw.client().put(new PutRequest(0, 0, "x.ndz", 1_000_001, 0, 0));
        assertEquals(MsError.TOOBIG.code(), big.error());
        assertEquals(1_000_000, big.maxSize());
        long future = System.currentTimeMillis() / 1000 + 3600;
        assertEquals(MsError.BADMTIME.code(), gw.client().put(new PutRequest(0, 0, "x.ndz", 10, future, 0)).error());
        assertEquals(MsError.TRYAGAIN.code(), putWhileServing(), "PUT of an image being served");
    }

    private int putWhileServing() throws Exception {
        Files.createDirectories(gw.uploads.resolve("served"));
        Files.write(gw.uploads.resolve("served/img.ndz"), new byte[10]);
        assertEquals(0, gw.client().get("served/img.ndz", TransferMethods.MULTICAST).error());
        return gw.client().put(new PutRequest(0, 0, "served/img.ndz", 10, 0, 0)).error();
    }

    @Test
    void uploadsDisabledIsNoAccess() throws Exception {
        try (TestGateway readOnly = TestGateway.start(tmp.resolve("ro"), "--launcher", "external", "--frisbeed", frisbeed.binary.toString())) {
            assertEquals(MsError.NOACCESS.code(), readOnly.client().put(new PutRequest(0, 0, "x.ndz", 10, 0, 0)).error());
        }
    }

    @Test
    void closingTheGatewayStopsItsFrisbeeds() throws Exception {
        gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        await().atMost(Duration.ofSeconds(5)).until(() -> frisbeed.launches().size() == 1);
        FakeFrisbeed.Launch launch = frisbeed.launches().get(0);
        assertTrue(launch.alive());
        gw.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !launch.alive());
    }
}
