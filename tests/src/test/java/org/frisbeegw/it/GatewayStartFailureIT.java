package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails on its last listener (a busy status port) undoes everything it had started:
 * no listener port and no image-server port stays bound, no thread it made lives on, and the
 * server journal still lists what was running, so the next start resumes it.
 */
class GatewayStartFailureIT {
    private static final int GROUP_PORT = 1283;

    @TempDir
    Path tmp;

    @Test
    void aBusyStatusPortUndoesTheWholeStartAndKeepsTheJournal() throws Exception {
        Path state = tmp.resolve("state");
        journalARunningServer(state);
        int xmlrpcPort = freePort();
        int tmcdPort = freePort();
        Path authority = Files.writeString(tmp.resolve("authority"), "image 1 emulab-ops/FBSD73-STD.ndz\n");
        Set<Long> before = threadIds();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class, () -> TestGateway.start(tmp, "--state-dir", state.toString(),
                    "--elab-authority", authority.toString(), "--xmlrpc-port", Integer.toString(xmlrpcPort),
                    "--xmlrpc-insecure-http", "--reload-info", Files.writeString(tmp.resolve("reload"), "").toString(),
                    "--tmcd-ports", Integer.toString(tmcdPort), "--status-port", Integer.toString(busy.getLocalPort())));
            assertTrue(e.getMessage().contains("--status-port " + busy.getLocalPort()), e.getMessage());
        }
        assertTrue(canBindTcp(xmlrpcPort), "the XML-RPC port was released");
        assertTrue(canBindTcp(tmcdPort), "the tmcd port was released");
        assertTrue(canBindUdp(GROUP_PORT), "the resumed image server was stopped");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(), newThreads(before)));

        List<ServerJournal.Entry> unfinished = new ArrayList<>();
        ServerJournal.open(state, unfinished).close();
        assertEquals(List.of(GROUP_PORT), unfinished.stream().map(ServerJournal.Entry::port).toList(),
                "the failed start wrote no stop line: the next start resumes the server");
        try (TestGateway gw = TestGateway.start(tmp, "--state-dir", state.toString())) {
            assertEquals(List.of(GROUP_PORT), gw.gateway.servers().running().stream().map(s -> s.port()).toList());
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
