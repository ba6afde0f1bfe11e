package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local admin control (--admin-socket) and {@code frisbeehelper -k} through it: built-in
 * servers have no frisbeed pid file, so kill mode asks the gateway to stop the stream.
 */
class AdminControlIT {
    private static final String STREAM = "239.192.1.2:1283";

    @TempDir
    Path tmp;
    private TestGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private Path startWithAdminSocket() throws Exception {
        Path socket = tmp.resolve("admin.sock");
        gw = TestGateway.start(tmp, b -> b.operations(o -> o.withAdminSocket(socket)));
        return socket;
    }

    @Test
    void frisbeehelperKillStopsABuiltInServerThroughTheAdminControl() throws Exception {
        Path socket = startWithAdminSocket();
        GetReply started = gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        assertFalse(started.isError());
        assertEquals(1, gw.gateway.servers().running().size());

        Process kill = helper("-k", "--pid-dir", Files.createDirectories(tmp.resolve("no-pid-files")).toString(),
                "--admin-socket", socket.toString(), TestGateway.IMAGE);
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS), "helper finished");
        assertEquals("Killed server " + STREAM + "\n", new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("", new String(kill.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, kill.exitValue());
        assertEquals(List.of(), gw.gateway.servers().running());
        assertFalse(gw.client().status(TestGateway.IMAGE).running(), "status: no longer running");

        Process again = helper("-k", "--admin-socket", socket.toString(), TestGateway.IMAGE);
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), "nothing to kill: silent success, as the original");
        assertEquals("", new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void frisbeehelperKillStopsAnExternalFrisbeedTheGatewayStartedAndNamesItsPid() throws Exception {
        FakeFrisbeed frisbeed = FakeFrisbeed.running(tmp.resolve("bin"));
        Path socket = tmp.resolve("admin.sock");
        gw = TestGateway.start(tmp, b -> b.launch(l -> l.withExternal(frisbeed.binary))
                .operations(o -> o.withAdminSocket(socket)));
        assertFalse(gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST).isError());
        long pid = frisbeed.launches().get(0).pid();

        Process kill = helper("-k", "--pid-dir", Files.createDirectories(tmp.resolve("no-pid-files")).toString(),
                "--admin-socket", socket.toString(), TestGateway.IMAGE);
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS), "helper finished");
        assertEquals("Killed process " + pid + "\n", new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, kill.exitValue());
        await().atMost(Duration.ofSeconds(10)).until(() -> !frisbeed.launches().get(0).alive());
        assertEquals(List.of(), gw.gateway.servers().running());
    }

    @Test
    void listAndStopByImageOrStreamAndRefuseAnythingElse() throws Exception {
        Path socket = startWithAdminSocket();
        assertEquals(List.of("ok 0"), ask(socket, "list"));
        gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        List<String> list = ask(socket, "list");
        assertEquals(2, list.size(), list.toString());
        assertTrue(list.get(0).startsWith(STREAM + " " + TestGateway.IMAGE + " mcast server=127.0.0.1 pid=-"), list.get(0));
        assertEquals("ok 1", list.get(1));
        assertEquals(List.of("ok 0"), ask(socket, "stop 239.192.1.9:1283"));
        assertEquals(List.of("stopped " + STREAM + " " + TestGateway.IMAGE + " pid=-", "ok 1"),
                ask(socket, "stop " + TestGateway.IMAGE));
        assertTrue(ask(socket, "reboot now").get(0).startsWith("error unknown request"));
        assertTrue(ask(socket, "x".repeat(5000)).get(0).startsWith("error unknown request"), "an oversized line is refused");
        assertEquals(List.of("ok 0"), ask(socket, "list"), "still serving after bad requests");
    }

    @Test
    void theLogLevelChangesAtRunTime() throws Exception {
        Path socket = startWithAdminSocket();
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try {
            assertEquals(List.of("ok loglevel DEBUG"), ask(socket, "loglevel debug"));
            assertTrue(root.isDebugEnabled());
            assertEquals(List.of("ok loglevel INFO"), ask(socket, "loglevel info"));
            assertFalse(root.isDebugEnabled());
            assertTrue(ask(socket, "loglevel trace").get(0).startsWith("error"), "only debug, info, warn");
        } finally {
            ask(socket, "loglevel info");
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndRefusesOtherUsers() throws Exception {
        Path socket = startWithAdminSocket();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to act as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "runuser and python3 are needed to connect as another user");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Process nobody = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c",
                "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b'list\\n');"
                        + " print(s.makefile().read(), end='')", socket.toString()).redirectErrorStream(true).start();
        assertTrue(nobody.waitFor(30, TimeUnit.SECONDS));
        assertEquals("error not allowed\n", new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aStaleSocketIsReplacedButAnotherFileIsNeverDeleted() throws Exception {
        Path socket = startWithAdminSocket();
        gw.close();
        gw = null;
        assertFalse(Files.exists(socket), "a clean stop removes the socket");
        Files.writeString(socket, "not a socket");
        IOException e = assertThrows(IOException.class, () -> TestGateway.start(tmp, "--admin-socket", socket.toString()));
        assertTrue(e.getMessage().contains("--admin-socket") && e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("not a socket", Files.readString(socket));

        Files.delete(socket);
        try (java.nio.channels.ServerSocketChannel crashed = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "a crash leaves the socket file behind");
        gw = TestGateway.start(tmp, "--admin-socket", socket.toString());
        assertEquals(List.of("ok 0"), ask(socket, "list"));
    }

    private Process helper(String... args) throws IOException {
        Path dir = Path.of(System.getProperty("frisbeehelper.dir", "../frisbeehelper/target"));
        List<String> cmd = new java.util.ArrayList<>(List.of(dir.resolve("frisbeehelper").toString(), "--master",
                "127.0.0.1:" + gw.address().getPort()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static List<String> ask(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer in = ByteBuffer.allocate(65536);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (c.read(in) >= 0 && System.nanoTime() < end) {
                if (!in.hasRemaining()) {
                    break;
                }
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
