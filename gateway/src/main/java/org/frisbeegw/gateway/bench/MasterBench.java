package org.frisbeegw.gateway.bench;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;

/**
 * {@code bench master}: status GETs per second at 1, 8 and 64 concurrent connections against a
 * minimal NIO server ({@link NioBaseline}), and loadinfo through the tmcd bridge (VERSION 34:
 * answered from the reload data; VERSION 32: plus a proxy GET to the master service) against a
 * blocking echo server, in {@code rounds} interleaved rounds (gateway, then baseline, each row);
 * medians, the spread of the per-round ratios, p50/p99 of the median round; then the new-image
 * burst (N GETs at once for N images no server runs yet) and a one-line summary of ratios.
 */
final class MasterBench {
    private static final String IMAGE = "emulab-ops/FBSD73-STD";
    /**
     * loadinfo requests per row and round, at most. They all come from the node's one address
     * (127.0.0.2, from a port bound before connecting), and the client's half-close leaves each
     * port in TIME_WAIT for 60 s: at 5,000 a round both servers ran out of the 28k ports and
     * slowed alike to a few hundred requests a second.
     */
    private static final int MAX_LOADINFOS = 1000;

    private MasterBench() {
    }

    /** One row's rounds: the gateway's and the baseline's runs, round by round. */
    private record Rounds(List<LatencyRun> gateway, List<LatencyRun> baseline) {
        double medianRatio() {
            return median(ratios());
        }

        List<Double> ratios() {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < gateway.size(); i++) {
                r.add(gateway.get(i).perSecond() / baseline.get(i).perSecond());
            }
            return r;
        }
    }

    static void run(Path dir, int requests, int rounds, int warmupSeconds, PrintStream out) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images/emulab-ops"));
        Files.write(images.resolve("FBSD73-STD"), new byte[1 << 20]);
        for (int i = 0; i < 16; i++) {
            Files.write(images.resolve("burst-" + i), new byte[1 << 20]);
        }
        Path reloads = Files.writeString(dir.resolve("reloads"), "node pc1 ip=127.0.0.2\n"
                + "reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=FBSD73-STD part=1 os=FreeBSD\n");
        byte[] statusReply = new GetReply(3, false, 0, 0, 0, 0, Signature.mtime(1), 1 << 20).toBytes();
        byte[] loadinfoReply = ("ADDR= PART=1 PARTOS=FreeBSD SERVER=127.0.0.1 DISK=ad0 ZFILL=0 ACPI=unknown MBRVERS=1"
                + " ASF=unknown PREPARE=0 NOCLFLUSH=unknown IMAGEID=emulab-ops,emulab-ops,FBSD73-STD\n").getBytes(StandardCharsets.US_ASCII);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (Gateway gw = Gateway.start(GatewayOptions.parse("-I", dir.resolve("images").toString(), "-i", "127.0.0.1",
                "-p", "0", "--reload-info", reloads.toString(), "--tmcd-ports", "0", "--workers", "64",
                "--max-connections-per-source", "100000", "--max-connection-rate", "1000000", "--connection-burst", "1000000"));
             NioBaseline masterBaseline = NioBaseline.start(lo, 272, statusReply);
             EchoServers tmcdEcho = EchoServers.start(loadinfoReply)) {
            MasterClient gateway = new MasterClient(gw.masterAddress());
            MasterClient baseline = new MasterClient(new InetSocketAddress(lo, masterBaseline.port()));
            gateway.get(IMAGE, TransferMethods.MULTICAST); // compat path reuses this server
            long warmed = warmUp(warmupSeconds, gateway, baseline);
            out.printf(Locale.ROOT, "warm-up: %d s, %d status GETs to each server, not counted%n%n", warmupSeconds, warmed);
            out.printf(Locale.ROOT, "%-30s %10s %10s %6s %11s %17s %17s%n", "scenario (median of " + rounds + ")",
                    "gateway/s", "baseline/s", "ratio", "spread", "gateway p50/p99", "baseline p50/p99");
            List<String> summary = new ArrayList<>();
            for (int c : new int[] {1, 8, 64}) {
                Rounds r = interleave(rounds, () -> LatencyRun.measure(c, requests, () -> gateway.status(IMAGE).error() == 0),
                        () -> LatencyRun.measure(c, requests, () -> baseline.status(IMAGE).error() == 0));
                row(out, "status GET, " + c + " conn", r);
                summary.add(String.format(Locale.ROOT, "status@%d %.2f", c, r.medianRatio()));
            }
            int tmcdPort = gw.tmcdPorts().get(0);
            int loadinfos = Math.min(requests / 4, MAX_LOADINFOS);
            for (int version : new int[] {34, 32}) {
                String request = "VERSION=" + version + " loadinfo ";
                Rounds r = interleave(rounds,
                        () -> LatencyRun.measure(1, loadinfos, () -> tmcc(tmcdPort, request).startsWith("ADDR=")),
                        () -> LatencyRun.measure(1, loadinfos, () -> tmcc(tmcdEcho.port(), request).startsWith("ADDR=")));
                row(out, "loadinfo VERSION=" + version, r);
                summary.add(String.format(Locale.ROOT, "loadinfo%d %.2f", version, r.medianRatio()));
            }
            out.println();
            burst(gateway, out);
            out.println();
            out.println("summary (gateway/baseline, medians): " + String.join(", ", summary));
        }
    }

    private interface Measure {
        LatencyRun run() throws Exception;
    }

    /**
     * Status GETs to both servers, alternating over every concurrency, for {@code seconds}:
     * the JIT compiles a gateway's request path over some 100,000 requests (seconds of C2 work
     * seen with -XX:+PrintCompilation), the tiny baseline's much sooner, so without this the
     * first rows measured the compiler. A running gateway has long been warm. Returns requests per server.
     */
    private static long warmUp(int seconds, MasterClient gateway, MasterClient baseline) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long each = 0;
        while (System.nanoTime() < end) {
            for (int c : new int[] {1, 8, 64}) {
                LatencyRun.measure(c, 1000, () -> gateway.status(IMAGE).error() == 0);
                LatencyRun.measure(c, 1000, () -> baseline.status(IMAGE).error() == 0);
                each += 1000;
            }
        }
        return each;
    }

    /** Gateway then baseline, round after round, so drift in the machine hits both alike. */
    private static Rounds interleave(int rounds, Measure gateway, Measure baseline) throws Exception {
        List<LatencyRun> g = new ArrayList<>();
        List<LatencyRun> b = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            g.add(gateway.run());
            b.add(baseline.run());
        }
        return new Rounds(g, b);
    }

    /** N real GETs at once for N images no server runs yet: how long until every one is answered. */
    private static void burst(MasterClient gateway, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%-30s %10s %10s%n", "new-image burst", "all in ms", "failed");
        int next = 0;
        for (int n : new int[] {1, 4, 16}) {
            int first = next;
            next = (next + n) % 16;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                long start = System.nanoTime();
                List<Future<Boolean>> replies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String id = "emulab-ops/burst-" + ((first + i) % 16);
                    replies.add(pool.submit(() -> gateway.get(id, TransferMethods.MULTICAST).error() == 0));
                }
                int failed = 0;
                for (Future<Boolean> f : replies) {
                    failed += f.get() ? 0 : 1;
                }
                out.printf(Locale.ROOT, "%-30s %10.1f %10d%n", "N = " + n, (System.nanoTime() - start) / 1e6, failed);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** What tmcc-nossl does: connect from the node's address, send, half-close, read to EOF. */
    private static String tmcc(int port, String request) throws Exception {
        try (Socket s = new Socket()) {
            // Linger 0: tmcc closes first, and thousands of TIME_WAIT sockets would starve the
            // benchmark of ports and measure the kernel's port search instead of the servers.
            s.setSoLinger(true, 0);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static void row(PrintStream out, String name, Rounds r) {
        List<Double> ratios = r.ratios();
        LatencyRun g = medianRun(r.gateway());
        LatencyRun b = medianRun(r.baseline());
        int failures = r.gateway().stream().mapToInt(LatencyRun::failures).sum()
                + r.baseline().stream().mapToInt(LatencyRun::failures).sum();
        out.printf(Locale.ROOT, "%-30s %10.0f %10.0f %6.2f %5.2f-%-5.2f %8.2f/%-8.2f %8.2f/%-8.2f%s%n", name,
                g.perSecond(), b.perSecond(), r.medianRatio(), Collections.min(ratios), Collections.max(ratios),
                g.percentileMillis(50), g.percentileMillis(99), b.percentileMillis(50), b.percentileMillis(99),
                failures > 0 ? "  (" + failures + " failed)" : "");
    }

    /** The run with the median rate. */
    private static LatencyRun medianRun(List<LatencyRun> runs) {
        List<LatencyRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(LatencyRun::perSecond));
        return sorted.get(sorted.size() / 2);
    }
}
