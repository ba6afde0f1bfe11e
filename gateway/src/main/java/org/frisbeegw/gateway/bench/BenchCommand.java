package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.gateway.frisbee.FrisbeeImageServer;
import org.frisbeegw.gateway.frisbee.ServerSettings;
import org.frisbeegw.helper.cli.ExitCode;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;
import org.frisbeegw.helper.cli.VerbHelp;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.wire.Ipv4;

/**
 * {@code bench}: throughput of the built-in image server on loopback for one and four unicast
 * clients, against a raw Java UDP sender/receiver pair measured in the same run, as ratios.
 * Rounds are interleaved (every scenario once per round); each figure is a median, with the spread
 * of the per-round ratios. Everything runs in this JVM on 127.0.0.x.
 */
public final class BenchCommand {

    static final String USAGE = String.join("\n",
            "usage: bench [--size-mib N] [--rounds N]        data path on loopback against raw UDP, and JOIN2 latency",
            "       bench master [--requests N] [--rounds N] [--warmup S]",
            "                                               master server and loadinfo against minimal servers",
            "       bench fuzz [--seconds N] [--seed N] [--check-every N]",
            "                                               seeded fuzzing of a live gateway over its sockets",
            "");
    private static final InetAddress SERVER = loopback(1);
    /**
     * Bursts of 64 with a 100 µs gap: on loopback the fastest loss-free pacing we measured; with
     * no gap at all the receiver overflows and loss recovery costs more than the gap.
     */
    private static final int BURST = 64;
    private static final int GAP_MICROS = 100;

    private BenchCommand() {
    }

    /** Each sub-bench's flags, each taking a number. */
    private static Options options(String sub) {
        Options o = new Options();
        List<String[]> flags = switch (sub) {
            case "" -> List.of(new String[] {"size-mib", "image size (default 64)"}, new String[] {"rounds", "rounds (default 3)"});
            case "master" -> List.of(new String[] {"requests", "requests per row and round (default 10000)"},
                    new String[] {"rounds", "interleaved rounds (default 5)"},
                    new String[] {"warmup", "seconds of uncounted requests first (default 15)"});
            case "fuzz" -> List.of(new String[] {"seconds", "how long (default 60)"}, new String[] {"seed", "seed (default 64494)"},
                    new String[] {"check-every", "cases between liveness checks (default 500)"});
            default -> List.of();
        };
        flags.forEach(f -> o.addOption(Option.builder().longOpt(f[0]).hasArg().argName("n").desc(f[1]).build()));
        return o;
    }

    /** @throws UsageException for an unknown sub-bench or flag, a missing value or a bad number */
    public static int run(String[] args, PrintStream out) throws Exception {
        if (VerbHelp.wanted(args)) {
            out.print(USAGE);
            return ExitCode.OK.code();
        }
        String sub = args.length > 0 && !args[0].startsWith("-") ? args[0] : "";
        if (!List.of("", "master", "fuzz").contains(sub)) {
            throw new UsageException("unknown benchmark '" + sub + "'");
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(sub), Arrays.copyOfRange(args, sub.isEmpty() ? 0 : 1, args.length));
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument: " + cl.getArgList().get(0));
        }
        if (sub.equals("fuzz")) {
            return FuzzRun.run(cl, out);
        }
        if (sub.equals("master")) {
            return master(cl, out);
        }
        int mib = Flags.intValue(cl, "size-mib", 64, 1, 4096);
        int rounds = Flags.intValue(cl, "rounds", 3, 1, 100);
        Path dir = Files.createTempDirectory("frisbee-bench");
        Path image = dir.resolve("image");
        try {
            writeRandom(image, (long) mib << 20);
            long bytes = Files.size(image);
            out.printf(Locale.ROOT, "Frisbee loopback benchmark: %d MiB image, %d interleaved rounds (medians), %d cores%n%n",
                    mib, rounds, Runtime.getRuntime().availableProcessors());
            List<List<Measurement>> runs = interleaved(rounds, List.of(
                    () -> RawUdpBaseline.run(SERVER, loopback(2), bytes),
                    () -> clients(image, dir, 1, 0),
                    () -> clients(image, dir, 4, 0),
                    () -> clients(image, dir, 1, 100_000_000L)));
            List<Measurement> raw = runs.get(0);
            out.printf(Locale.ROOT, "%-52s %10s %8s %11s%n", "scenario", "MiB/s", "ratio", "spread");
            row(out, String.format(Locale.ROOT, "raw Java UDP pair, 1 KiB payloads (%.1f%% lost)",
                    medianOf(raw).lossFraction() * 100), raw, raw);
            double one = row(out, "built-in server, 1 unicast client, -B 64 -G 100", runs.get(1), raw);
            row(out, "built-in server, 4 unicast clients (sum), -B 64 -G 100", runs.get(2), raw);
            row(out, "built-in server, 1 client, null-config cap -W 100000000", runs.get(3), raw);
            Join2Latency.Result j = Join2Latency.measure(image, SERVER, loopback(2), loopback(50),
                    InetAddress.getByName("239.192.99.1"), 300);
            out.printf(Locale.ROOT, "%nJOIN2 reply latency, 300 probes (the C client waits 30 ms), microseconds:%n");
            out.printf(Locale.ROOT, "%-52s %8s %8s %8s%n", "server state", "p50", "p99", "max");
            out.printf(Locale.ROOT, "%-52s %8d %8d %8d%n", "idle (baseline)", j.idle(0.5), j.idle(0.99), j.idle(1));
            out.printf(Locale.ROOT, "%-52s %8d %8d %8d%n", "sending a multicast stream, -B 64 -G 100", j.busy(0.5),
                    j.busy(0.99), j.busy(1));
            out.printf(Locale.ROOT, "summary: 1 client %.2f of raw UDP; JOIN2 p99 busy %.2f ms (%.1fx idle)%n",
                    one, j.busy(0.99) / 1000.0,
                    j.busy(0.99) / (double) Math.max(1, j.idle(0.99)));
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code n} clients, each with its own unicast server (a unicast frisbeed serves one client). */
    private static Measurement clients(Path image, Path dir, int n, long capBitsPerSecond) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<FrisbeeImageServer> servers = new ArrayList<>();
        try {
            List<Future<?>> downloads = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                InetAddress client = loopback(2 + i);
                FrisbeeImageServer server = FrisbeeImageServer.start(ServerSettings.defaults(image, SERVER, client, 0)
                        .withPacing(capBitsPerSecond, BURST, capBitsPerSecond > 0 ? 0 : GAP_MICROS).withInactivityTimeout(Duration.ofSeconds(30)));
                servers.add(server);
                Path copy = dir.resolve("copy" + i);
                downloads.add(pool.submit(() -> FrisbeeClient.download(new DownloadTarget(SERVER, SERVER, server.port(), client),
                        copy, FrisbeeClient.Options.defaults())));
            }
            for (Future<?> d : downloads) {
                d.get();
            }
            long nanos = System.nanoTime() - start;
            for (int i = 0; i < n; i++) {
                if (Files.mismatch(image, dir.resolve("copy" + i)) != -1) {
                    throw new IllegalStateException("copy " + i + " differs from the image");
                }
                // Each round writes a new file, as fetch and a cache fill do (truncating a full one costs ~10 ms).
                Files.delete(dir.resolve("copy" + i));
            }
            return new Measurement(Files.size(image) * n, nanos, 0);
        } finally {
            servers.forEach(FrisbeeImageServer::stop);
            pool.shutdownNow();
        }
    }

    /**
     * Every scenario once per round, round after round, so drift in the machine hits all alike.
     * One round before them is not counted: it warms the JIT for every scenario alike (a gateway
     * that serves images has long been warm; the first round measured the compiler).
     */
    private static List<List<Measurement>> interleaved(int rounds, List<Callable<Measurement>> scenarios) throws Exception {
        for (Callable<Measurement> s : scenarios) {
            s.call();
        }
        List<List<Measurement>> runs = new ArrayList<>();
        scenarios.forEach(s -> runs.add(new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < scenarios.size(); i++) {
                runs.get(i).add(scenarios.get(i).call());
            }
        }
        return runs;
    }

    private static Measurement medianOf(List<Measurement> runs) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measurement::mibPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** Prints the median rate, the median of the per-round ratios and their spread; returns that ratio. */
    private static double row(PrintStream out, String name, List<Measurement> runs, List<Measurement> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ratios.add(runs.get(i).mibPerSecond() / baseline.get(i).mibPerSecond());
        }
        double ratio = MasterBench.median(ratios);
        out.printf(Locale.ROOT, "%-52s %10.1f %8.2f %5.2f-%-5.2f%n", name, medianOf(runs).mibPerSecond(), ratio,
                Collections.min(ratios), Collections.max(ratios));
        return ratio;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random r = new Random(64494);
        byte[] buf = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                o.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }

    private static int master(CommandLine cl, PrintStream out) throws Exception {
        int requests = Flags.intValue(cl, "requests", 10_000, 1, 10_000_000);
        int rounds = Flags.intValue(cl, "rounds", 5, 1, 100);
        int warmup = Flags.intValue(cl, "warmup", 15, 0, 600);
        Path dir = Files.createTempDirectory("master-bench");
        try {
            out.printf(Locale.ROOT, "Master server and loadinfo benchmark: %d requests per row and round, %d rounds, %d cores,"
                    + " latencies in ms%n%n", requests, rounds, Runtime.getRuntime().availableProcessors());
            MasterBench.run(dir, requests, rounds, warmup, out);
            return ExitCode.OK.code();
        } finally {
            deleteTree(dir);
        }
    }

    private static InetAddress loopback(int last) {
        return Ipv4.toAddress(0x7F000000 | last);
    }
}
