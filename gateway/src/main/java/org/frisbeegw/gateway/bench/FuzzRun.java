package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;
import org.apache.commons.cli.CommandLine;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.TransferMethods;
import org.frisbeegw.wire.data.ClientStats;
import org.frisbeegw.wire.data.FrisbeePacket;

/**
 * {@code bench fuzz}: a long seeded fuzz run against a real gateway in this JVM, over real
 * sockets: master-server messages (random and mutated), data packets to a running image server,
 * tmcd lines over TCP and UDP. Every {@code --check-every} cases the gateway must still answer a
 * status GET and its image server must still be running. Reports cases, failures (crashes), open
 * file descriptors and threads before and after. Not part of {@code mvn verify}: it runs for
 * {@code --seconds}.
 */
final class FuzzRun {
    private FuzzRun() {
    }

    static int run(CommandLine cl, PrintStream out) throws Exception {
        long seconds = Flags.intValue(cl, "seconds", 60, 1, 86_400);
        long seed = Flags.longValue(cl, "seed", 64494, Long.MIN_VALUE, Long.MAX_VALUE);
        int checkEvery = Flags.intValue(cl, "check-every", 500, 1, 1_000_000);
        Path dir = Files.createTempDirectory("fuzz");
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("img"), new byte[3 << 20]);
        Path reloads = Files.writeString(dir.resolve("reloads"), "node pc1 ip=127.0.0.2\n"
                + "reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=img part=1 os=FreeBSD\n");
        try (Gateway gw = Gateway.start(GatewayOptions.parse("-I", images.toString(), "-i", "127.0.0.1", "-p", "0",
                "--reload-info", reloads.toString(), "--tmcd-ports", "0", "--max-connection-rate", "1000000",
                "--connection-burst", "1000000"))) {
            MasterClient master = new MasterClient(gw.masterAddress());
            GetReply stream = master.get("img", TransferMethods.UNICAST);
            int dataPort = stream.port();
            Random r = new Random(seed);
            long cases = 0;
            long failures = 0;
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            long warm = start + Duration.ofSeconds(seconds).toNanos() / 10;
            long fdsBefore = -1;
            int threadsBefore = -1;
            try (DatagramChannel data = DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress("127.0.0.2", dataPort));
                 DatagramChannel tmcdUdp = DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress("127.0.0.3", 0))) {
                while (System.nanoTime() < end) {
                    if (threadsBefore < 0 && System.nanoTime() > warm) {
                        // Pools start their threads on demand: the baseline is taken once they have.
                        fdsBefore = openFiles();
                        threadsBefore = Thread.activeCount();
                    }
                    switch (r.nextInt(4)) {
                        case 0 -> masterCase(gw.masterAddress(), r);
                        case 1 -> data.send(ByteBuffer.wrap(dataCase(r)), new InetSocketAddress("127.0.0.1", dataPort));
                        case 2 -> tmcdUdp.send(ByteBuffer.wrap(tmcdCase(r)),
                                new InetSocketAddress("127.0.0.1", gw.tmcdPorts().get(0)));
                        default -> tmcdTcpCase(gw.tmcdPorts().get(0), r);
                    }
                    cases++;
                    if (cases % checkEvery == 0 && !alive(master, gw, "img")) {
                        failures++;
                        out.printf(Locale.ROOT, "case %d (seed %d): the gateway stopped answering or lost its server%n",
                                cases, seed);
                    }
                }
            }
            if (!alive(master, gw, "img")) {
                failures++;
            }
            long fdsAfter = settle(FuzzRun::openFiles, fdsBefore);
            int threadsAfter = (int) settle(() -> Thread.activeCount(), threadsBefore);
            out.printf(Locale.ROOT, "fuzz: %d cases in %d s (seed %d), %d failures%n", cases, seconds, seed, failures);
            out.printf(Locale.ROOT, "open files: %d before, %d after; threads: %d before, %d after%n", fdsBefore,
                    fdsAfter, threadsBefore, threadsAfter);
            return failures == 0 ? 0 : 1;
        } finally {
            BenchCommand.deleteTree(dir);
        }
    }

    private static boolean alive(MasterClient master, Gateway gw, String image) {
        try {
            return master.status(image).error() == 0 && !gw.servers().running().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** A valid request, mutated or cut, or random bytes; sent whole, then the socket is closed. */
    private static void masterCase(InetSocketAddress master, Random r) {
        List<byte[]> valid = List.of(new GetRequest(0, TransferMethods.MULTICAST, true, "img").toBytes(),
                new GetRequest(Ipv4.parse("127.0.0.2"), TransferMethods.ANY, false, "img").toBytes(),
                new PutRequest(0, 0, "img", 5, 0, 9).toBytes());
        byte[] b = mutate(r, valid.get(r.nextInt(valid.size())));
        try (Socket s = new Socket()) {
            s.connect(master, 2000);
            s.setSoTimeout(100); // a reply or a close comes at once; an incomplete request is left to the deadline
            OutputStream o = s.getOutputStream();
            o.write(b);
            if (r.nextBoolean()) {
                s.shutdownOutput();
            }
            s.getInputStream().read(new byte[512]);
        } catch (IOException expected) {
            // a close or reset is a valid answer to garbage
        }
    }

    private static byte[] dataCase(Random r) {
        int src = Ipv4.parse("127.0.0.2");
        List<byte[]> valid = List.of(new FrisbeePacket.Join2(false, r.nextInt(), 0, 1024, 1024, 0).toBytes(src),
                new FrisbeePacket.Request(r.nextInt(4), r.nextInt(1100) - 50, r.nextInt()).toBytes(src),
                new FrisbeePacket.PartialRequest(r.nextInt(5) - 1, 0, randomBytes(r, 128)).toBytes(src),
                new FrisbeePacket.Leave2(r.nextInt(), 1, ClientStats.ofDownload(1, 2, new ClientStats.Counters(3, 4, 5, 6, 7, 8, 9, 10)))
                        .toBytes(src));
        return mutate(r, valid.get(r.nextInt(valid.size())));
    }

    private static byte[] tmcdCase(Random r) {
        String[] lines = {"VERSION=32 loadinfo ", "VERSION=34 loadinfo ", "loadinfo ", "VERSION=99999999999 loadinfo ",
            "REDIRECT=127.0.0.9 loadinfo ", "ISPEAKSSL_TMCDV10 ", "VERSION=33 bootlog "};
        return mutate(r, lines[r.nextInt(lines.length)].getBytes(StandardCharsets.US_ASCII));
    }

    private static void tmcdTcpCase(int port, Random r) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(100);
            s.getOutputStream().write(tmcdCase(r));
            s.shutdownOutput();
            s.getInputStream().read(new byte[8192]);
        } catch (IOException expected) {
            // closed on garbage
        }
    }

    /** Flips, cuts, extends or replaces bytes; sometimes leaves the input valid. */
    private static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int i = 0, n = 1 + r.nextInt(8); i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2 -> b = Arrays.copyOf(b, b.length + r.nextInt(3000));
            case 3 -> b = randomBytes(r, r.nextInt(2100));
            default -> {
                // valid as it is
            }
        }
        return b;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static long openFiles() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits (at most 10 s) for a count to come back to where it was; returns the last value. */
    private static long settle(LongSupplier count, long before) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        long now = count.getAsLong();
        while (now > before + 2 && System.nanoTime() < end) {
            Thread.sleep(100); // polling a count in a benchmark command, not a test
            now = count.getAsLong();
        }
        return now;
    }
}
