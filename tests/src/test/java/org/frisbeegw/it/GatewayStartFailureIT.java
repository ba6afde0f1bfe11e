package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A start that fails on any of its listeners (a busy port, a file where the admin socket goes) undoes everything it had started:
 * no listener port and no image-server port stays bound, no thread it made lives on, and the
 * server journal still lists what was running, so the next start resumes it.
 */
class GatewayStartFailureIT {
    private static final int GROUP_PORT = 1283;

    @TempDir
    Path tmp;

    /** Each listener in turn finds its port taken; every other part must be undone. */
    enum Listener {
        MASTER("master server (-i/-p"), TMCD("tmcd bridge (--tmcd-ports)"), XMLRPC("XML-RPC shim (--xmlrpc-port)"),
        STATUS("status page (--status-port"), ADMIN("admin control (--admin-socket)");

        final String named;

        Listener(String named) {
            this.named = named;
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void aBusyListenerUndoesTheWholeStartAndKeepsTheJournal(Listener busyOne) throws Exception {
        Path state = tmp.resolve("state");
        journalARunningServer(state);
        Path images = tmp.resolve("images");
        Path authority = Files.writeString(tmp.resolve("authority"), "image 1 emulab-ops/FBSD73-STD.ndz\n");
        Path reload = Files.writeString(tmp.resolve("reload"), "");
        Path socket = tmp.resolve("admin.sock");
        Map<Listener, Integer> ports = new EnumMap<>(Listener.class);
        for (Listener l : List.of(Listener.MASTER, Listener.TMCD, Listener.XMLRPC, Listener.STATUS)) {
            ports.put(l, FreePorts.tcp());
        }
        Set<Long> before = threadIds();
        try (ServerSocket busy = new ServerSocket()) {
            if (busyOne == Listener.ADMIN) {
                Files.writeString(socket, "in the way"); // not a socket: the gateway must refuse it, not delete it
            } else {
                busy.bind(new InetSocketAddress("127.0.0.1", ports.get(busyOne)));
            }
            IOException e = assertThrows(IOException.class, () -> Gateway.start(GatewayOptions.parse("-I", images.toString(),
                    "-i", "127.0.0.1", "-p", ports.get(Listener.MASTER).toString(), "--state-dir", state.toString(),
                    "--elab-authority", authority.toString(), "--xmlrpc-port", ports.get(Listener.XMLRPC).toString(),
                    "--xmlrpc-insecure-http", "--reload-info", reload.toString(),
                    "--tmcd-ports", ports.get(Listener.TMCD).toString(), "--status-port", ports.get(Listener.STATUS).toString(),
                    "--admin-socket", socket.toString())));
            assertTrue(e.getMessage().startsWith(busyOne.named), e.getMessage());
        }
        for (Listener l : ports.keySet()) {
            assertTrue(canBindTcp(ports.get(l)), l + "'s port was released");
        }
        assertTrue(canBindUdp(GROUP_PORT), "the resumed image server was stopped");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(), newThreads(before)));

        List<ServerJournal.Entry> unfinished = new ArrayList<>();
        ServerJournal.open(state, unfinished).close();
        assertEquals(List.of(GROUP_PORT), unfinished.stream().map(ServerJournal.Entry::port).toList(),
                "the failed start wrote no stop line: the next start resumes the server");
        try (TestGateway gw = TestGateway.start(tmp, b -> b.operations(o -> o.withStateDir(state)))) {
            assertEquals(List.of(GROUP_PORT), gw.gateway.servers().running().stream().map(s -> s.port()).toList());
        }
    }

    /** The master listener's I/O threads outlive their connections, but not the gateway. */
    @Test
    void aGatewayThatServedRequestsLeavesNoThreadWhenClosed() throws Exception {
        Set<Long> before = threadIds();
        try (TestGateway gw = TestGateway.start(tmp)) {
            for (int i = 0; i < 20; i++) {
                assertEquals(0, gw.client().status(TestGateway.IMAGE).error());
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(), newThreads(before)));
    }

    /** A journal as a crashed gateway leaves it: one multicast server started, never stopped. */
    private void journalARunningServer(Path state) throws IOException {
        Path image = Files.createDirectories(tmp.resolve("images/emulab-ops")).resolve("FBSD73-STD.ndz");
        Files.write(image, new byte[TestGateway.IMAGE_SIZE]);
        try (ServerJournal j = ServerJournal.open(state, new ArrayList<>())) {
            int loopback = Ipv4.parse("127.0.0.1");
            int group = Ipv4.parse("239.192.1.2");
            j.started(new ServerJournal.Entry(Instant.now(), GROUP_PORT, TransferMethods.MULTICAST, loopback, group, group,
                    Duration.ofSeconds(180), TestGateway.IMAGE, image.toRealPath(), List.of()));
        }
    }

    private static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /** Live threads started since {@code before}, but for the JDK's shared ones and the test's own. */
    private static List<String> newThreads(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t.getId()))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("process reaper") && !n.startsWith("ForkJoinPool") && !n.startsWith("awaitility")
                        && !n.equals("Attach Listener"))
                .toList();
    }

    private static boolean canBindTcp(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canBindUdp(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
