package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways behind one service address moved by a real keepalived (VRRP), each in its own
 * network namespace, with three multicast clients in three more, as README "Two gateways" sets
 * them up (the shipped notify and track scripts included). The active gateway and its
 * keepalived are killed with SIGKILL mid-way through a 200 MiB image, and the machine's
 * addresses go with it; the standby takes over, every client finishes byte-identical, the old
 * active comes back and stays standby; then VRRP is cut to force a split brain.
 * Measured and printed: death to the first answered GET, and to the first block on the wire.
 */
class GatewayPairIT {
    private static final String IMAGE = "big.ndz";
    private static final int IMAGE_SIZE = 200 * 1024 * 1024;
    private static final int STATUS_PORT = 8094;
    private static final int MASTER_PORT = 64494;
    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    /** 200 Mbit/s: the image takes about 8 s, long enough to kill the active gateway mid-way. */
    private static final String SERVER_ARGS = "-W 200000000";
    /** The bound we state (README): VRRP's 3 s failover, the notify hook's JVM, the takeover. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(20);
    private static final Pattern ROLE = Pattern.compile("\"role\":\"(\\w+)\",\"epoch\":(\\d+),\"why\":\"([^\"]*)\"");

    @TempDir
    Path tmp;

    private TestNetwork net;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @AfterEach
    void tearDown() throws IOException {
        processes.forEach(Process::destroyForcibly);
        if (net != null) {
            net.close();
        }
    }

    private String vip() {
        return net.address(100);
    }

    @Test
    void theStandbyTakesOverEveryStreamWhenTheActiveDies() throws Exception {
        String why = TestNetwork.unavailableReason();
        if (why == null && !Files.isExecutable(KEEPALIVED)) {
            why = "keepalived is not installed (apt-get install keepalived; .ci/run does)";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must be able to run the pair test: " + why);
        }
        assumeTrue(why == null, why);
        net = TestNetwork.create(5);
        Path images = Files.createDirectories(tmp.resolve("images"));
        byte[] digest = writeRandomImage(images.resolve(IMAGE));
        Files.write(images.resolve("other.ndz"), new byte[100_000]);
        Path shared = Files.createDirectories(tmp.resolve("shared"));

        Process gatewayA = startGateway(1, "boss-a", images, shared);
        startGateway(2, "boss-b", images, shared);
        startKeepalived(1, "boss-a", 150);
        startKeepalived(2, "boss-b", 100);
        await("boss-a becomes active").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> role(1).startsWith("active"));
        assertTrue(role(2).startsWith("standby"), role(2));

        GetReply stream = master().status(IMAGE);
        List<Process> clients = new ArrayList<>();
        for (int host = 3; host <= 5; host++) {
            clients.add(startClient(host));
        }
        GetReply running = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> master().status(IMAGE), GetReply::running);
        try (WireWatch wire = WireWatch.start(net.bridgeName(), running.addr(), running.port(), running.servAddr())) {
            await("a quarter of the image on the wire").atMost(Duration.ofSeconds(60))
                    .until(() -> wire.bytes() > IMAGE_SIZE / 4);

            // The active boss dies: its gateway and keepalived get SIGKILL, its addresses go with it.
            // Timed from the first kill, so the time the kills take is counted against us.
            long death = System.nanoTime();
            gatewayA.destroyForcibly().waitFor();
            killKeepalived("boss-a");
            net.exec(1, "ip", "addr", "del", vip() + "/24", "dev", "eth0");
            assertTrue(clients.stream().allMatch(Process::isAlive), "the clients are mid-download");

            long firstGet = firstAnsweredGetAfter(death);
            long firstBlock = wire.firstPacketAfter(death, TAKEOVER_BOUND);
            System.out.printf("gateway pair takeover: first answered GET %d ms, first block on the wire %d ms after "
                    + "the active's death%n", firstGet, firstBlock);
            Files.writeString(Path.of("target", "pair-takeover.txt"), String.format(
                    "death to first answered GET: %d ms%ndeath to first block on the wire: %d ms%n", firstGet, firstBlock));
            assertTrue(role(2).startsWith("active"), role(2));
            GetReply after = master().status(IMAGE);
            assertEquals(running.addr(), after.addr(), "the stream goes on at the same group");
            assertEquals(running.port(), after.port(), "and port");
            assertEquals(vip(), Ipv4.format(after.servAddr()), "sent from the service address, as clients were told");
            assertEquals(0, master().get("other.ndz", TransferMethods.MULTICAST).error(), "a new GET is served by boss-b");

            // The old active comes back: it stays standby and the streams go on undisturbed.
            startGateway(1, "boss-a", images, shared);
            startKeepalived(1, "boss-a", 150);
            await("boss-a back, standby").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> role(1).startsWith("standby"));
            await("boss-a stays standby while VRRP settles").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> role(1).startsWith("standby") && role(2).startsWith("active"));
        }
        for (int i = 0; i < clients.size(); i++) {
            assertTrue(clients.get(i).waitFor(180, TimeUnit.SECONDS), "client " + (i + 3) + " finished");
            assertEquals(0, clients.get(i).exitValue(), "client " + (i + 3) + " exit status; see " + clientLog(i + 3));
            assertArrayEquals(digest, sha256(output(i + 3)), "client " + (i + 3) + " byte-identical");
        }
        assertEquals(0, stream.error());

        splitBrainKeepsOneWriter(shared);
    }

    /**
     * VRRP cut both ways at boss-b: both keepalived instances become MASTER and both gateways are
     * told to be active. The later epoch wins; the other steps down fenced. When VRRP heals,
     * keepalived makes boss-b BACKUP; its release lets boss-a, still wanted, take over again.
     */
    private void splitBrainKeepsOneWriter(Path shared) throws Exception {
        long epochBefore = epoch(2);
        net.exec(2, "nft", "add", "table", "inet", "cutvrrp");
        net.exec(2, "nft", "add", "chain", "inet", "cutvrrp", "in", "{ type filter hook input priority 0; }");
        net.exec(2, "nft", "add", "chain", "inet", "cutvrrp", "out", "{ type filter hook output priority 0; }");
        net.exec(2, "nft", "add", "rule", "inet", "cutvrrp", "in", "ip", "protocol", "vrrp", "drop");
        net.exec(2, "nft", "add", "rule", "inet", "cutvrrp", "out", "ip", "protocol", "vrrp", "drop");
        await("boss-a told active by its keepalived, takes a newer epoch").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> role(1).startsWith("active") && epoch(1) > epochBefore);
        await("boss-b steps down fenced").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> role(2).startsWith("standby") && role(2).contains("fenced"));
        await("exactly one active").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> role(1).startsWith("active") && role(2).startsWith("standby"));
        long newest = epoch(1);
        List<ServerJournal.Entry> listed = ServerJournal.unfinished(shared.resolve("servers.journal." + newest),
                ServerJournal.EntryCheck.ANY);
        assertTrue(listed.stream().anyMatch(e -> e.imageId().equals("other.ndz")), "the newest journal is whole: " + listed);

        net.exec(2, "nft", "delete", "table", "inet", "cutvrrp");
        await("one active after VRRP heals").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> role(1).startsWith("active") != role(2).startsWith("active"));
        assertEquals(0, master().status("other.ndz").error(), "the service address answers");
    }

    private Process startGateway(int host, String name, Path images, Path shared) throws IOException {
        Path jar = Path.of(System.getProperty("gateway.jar", "../gateway/target/frisbee-gateway.jar")).toAbsolutePath();
        List<String> cmd = List.of(javaBin(), "-Xmx256m", "-jar", jar.toString(), "-i", vip(), "-p",
                Integer.toString(MASTER_PORT), "-I", images.toString(), "--state-dir", shared.toString(), "--pair", name,
                "--pair-address", net.address(host), "--admin-socket", socket(name).toString(),
                "--status-port", Integer.toString(STATUS_PORT), "--server-args", SERVER_ARGS, "--server-timeout", "120");
        Process p = new ProcessBuilder(net.on(host, cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve(name + ".log").toFile())).start();
        processes.add(p);
        await(name + " status page").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !role(host).isEmpty());
        return p;
    }

    private void startKeepalived(int host, String name, int priority) throws IOException {
        Path packaging = Path.of("..", "packaging", "keepalived").toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("gateway.jar", "../gateway/target/frisbee-gateway.jar")).toAbsolutePath();
        Path conf = tmp.resolve(name + "-keepalived.conf");
        // The shipped example, with this network's interface, address and paths.
        String text = Files.readString(packaging.resolve("keepalived.conf.example"))
                .replace("router_id boss-a", "router_id " + name)
                .replace("priority 150", "priority " + priority)
                .replace("10.1.0.100/24", vip() + "/24")
                .replace("    enable_script_security\n", "") // test paths lie under /tmp, which keepalived calls unsafe
                .replace("/usr/share/frisbee-gateway/frisbee-gateway-", packaging + "/frisbee-gateway-")
                .replace("/run/frisbeegw/admin.sock", socket(name).toString())
                .replace("/usr/share/frisbee-gateway/frisbee-gateway.jar", jar.toString());
        Files.writeString(conf, text);
        List<String> cmd = List.of(KEEPALIVED.toString(), "-n", "-l", "-D", "--vrrp", "-f", conf.toString(),
                "-p", tmp.resolve(name + "-keepalived.pid").toString(), "-r", tmp.resolve(name + "-vrrp.pid").toString());
        ProcessBuilder pb = new ProcessBuilder(net.on(host, cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve(name + "-keepalived.log").toFile()));
        pb.environment().put("JAVA", javaBin());
        processes.add(pb.start());
    }

    private void killKeepalived(String name) throws IOException, InterruptedException {
        for (String pidFile : List.of(name + "-keepalived.pid", name + "-vrrp.pid")) {
            Path p = tmp.resolve(pidFile);
            if (Files.exists(p)) {
                ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (Process p : processes) {
            if (p.info().command().orElse("").endsWith("keepalived")
                    && p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains(name)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private Process startClient(int host) throws IOException {
        Path jar = Path.of(System.getProperty("gateway.jar", "../gateway/target/frisbee-gateway.jar")).toAbsolutePath();
        List<String> cmd = List.of(javaBin(), "-Xmx128m", "-jar", jar.toString(), "fetch", "-S", vip(), "-F", IMAGE,
                "-o", output(host).toString());
        Process p = new ProcessBuilder(net.on(host, cmd)).redirectErrorStream(true)
                .redirectOutput(clientLog(host).toFile()).start();
        processes.add(p);
        return p;
    }

    private Path output(int host) {
        return tmp.resolve("copy-" + host);
    }

    private Path clientLog(int host) {
        return tmp.resolve("client-" + host + ".log");
    }

    private Path socket(String name) {
        return tmp.resolve(name + ".sock");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private MasterClient master() throws IOException {
        return new MasterClient(new InetSocketAddress(InetAddress.getByName(vip()), MASTER_PORT),
                Deadlines.uniform(Duration.ofSeconds(1)), RetryPolicy.NONE);
    }

    /** Milliseconds from {@code death} to the first status GET the service address answers (polled every 100 ms). */
    private long firstAnsweredGetAfter(long death) {
        await("a GET answered on the service address").atMost(TAKEOVER_BOUND).pollInterval(Duration.ofMillis(100))
                .ignoreException(MasterClientException.class)
                .until(() -> master().status(IMAGE).error() >= 0);
        return (System.nanoTime() - death) / 1_000_000;
    }

    /** "active ..." or "standby ..." from host's status page; empty while it does not answer. */
    private String role(int host) {
        Matcher m = statusMatch(host);
        return m == null ? "" : m.group(1) + " " + m.group(3);
    }

    private long epoch(int host) {
        Matcher m = statusMatch(host);
        return m == null ? -1 : Long.parseLong(m.group(2));
    }

    private Matcher statusMatch(int host) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + net.address(host) + ":"
                    + STATUS_PORT + "/?format=json")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = ROLE.matcher(r.body());
            return m.find() ? m : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Writes IMAGE_SIZE seeded random bytes a MiB at a time (the test JVM's heap is small); returns their SHA-256. */
    private static byte[] writeRandomImage(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random random = new Random(17);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int done = 0; done < IMAGE_SIZE; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
                md.update(chunk);
            }
        }
        return md.digest();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    /**
     * A passive listener on the test network's bridge, joined to the stream's group: what any
     * client on the wire sees, timestamped, so the gap a takeover leaves can be measured.
     */
    private static final class WireWatch implements AutoCloseable {
        private final DatagramChannel channel;
        private final InetAddress server;
        private final Thread reader;
        private final AtomicLong bytes = new AtomicLong();
        private final List<Long> arrivals = new CopyOnWriteArrayList<>();

        private WireWatch(DatagramChannel channel, InetAddress server) {
            this.channel = channel;
            this.server = server;
            this.reader = new Thread(this::read, "wire-watch");
            reader.setDaemon(true);
        }

        /** Counts what {@code servAddr} sends to the group (clients' requests go there too and are not counted). */
        static WireWatch start(String bridge, int group, int port, int servAddr) throws IOException {
            DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)
                    .setOption(StandardSocketOptions.SO_REUSEADDR, true).bind(new InetSocketAddress(port));
            c.join(Ipv4.toAddress(group), NetworkInterface.getByName(bridge));
            WireWatch w = new WireWatch(c, Ipv4.toAddress(servAddr));
            w.reader.start();
            return w;
        }

        private void read() {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            long previous = 0;
            while (channel.isOpen()) {
                try {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                    if (!from.getAddress().equals(server)) {
                        continue;
                    }
                    long now = System.nanoTime();
                    bytes.addAndGet(buf.position());
                    // Keep the first arrival after each silence of 200 ms or more: where a gap ended.
                    if (now - previous > 200_000_000L) {
                        arrivals.add(now);
                    }
                    previous = now;
                } catch (IOException closed) {
                    return;
                }
            }
        }

        long bytes() {
            return bytes.get();
        }

        /** Milliseconds from {@code after} to the first packet after a silence that began after it. */
        long firstPacketAfter(long after, Duration within) {
            await("a block on the wire after the takeover").atMost(within).pollInterval(Duration.ofMillis(50))
                    .until(() -> arrivals.stream().anyMatch(t -> t > after + 200_000_000L));
            return (arrivals.stream().filter(t -> t > after + 200_000_000L).findFirst().orElseThrow() - after) / 1_000_000;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
