package org.frisbeegw.gateway.bench;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;

/**
 * {@code bench master}: status GETs per second with p50/p99 latency at 1, 8 and 64 concurrent
 * connections, and loadinfo end-to-end latency (VERSION 34: answered from the reload data;
 * VERSION 32: plus a proxy GET to the master server), each against a minimal blocking Java
 * server with the same framing, measured in the same run.
 */
final class MasterBench {
    private MasterBench() {
    }

    static void run(Path dir, int requests, PrintStream out) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images/emulab-ops"));
        Files.write(images.resolve("FBSD73-STD"), new byte[1 << 20]);
        Path reloads = Files.writeString(dir.resolve("reloads"), "node pc1 ip=127.0.0.2\n"
                + "reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=FBSD73-STD part=1 os=FreeBSD\n");
        byte[] statusReply = new GetReply(3, false, 0, 0, 0, 0, Signature.mtime(1), 1 << 20).toBytes();
        byte[] loadinfoReply = ("ADDR= PART=1 PARTOS=FreeBSD SERVER=127.0.0.1 DISK=ad0 ZFILL=0 ACPI=unknown MBRVERS=1"
                + " ASF=unknown PREPARE=0 NOCLFLUSH=unknown IMAGEID=emulab-ops,emulab-ops,FBSD73-STD\n").getBytes(StandardCharsets.US_ASCII);
        try (Gateway gw = Gateway.start(GatewayOptions.parse("-I", dir.resolve("images").toString(), "-i", "127.0.0.1",
                "-p", "0", "--reload-info", reloads.toString(), "--tmcd-ports", "0", "--workers", "64",
                "--max-connections-per-source", "100000", "--max-connection-rate", "1000000", "--connection-burst", "1000000"));
             EchoServers masterEcho = EchoServers.start(272, statusReply);
             EchoServers tmcdEcho = EchoServers.start(0, loadinfoReply)) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            MasterClient gateway = new MasterClient(gw.masterAddress());
            MasterClient echo = new MasterClient(new InetSocketAddress(lo, masterEcho.port()));
            gateway.get("emulab-ops/FBSD73-STD", TransferMethods.MULTICAST); // compat path reuses this server
            out.printf(Locale.ROOT, "%-34s %11s %11s %7s %17s %17s%n", "scenario", "gateway/s", "baseline/s", "ratio",
                    "gateway p50/p99", "baseline p50/p99");
            for (int c : new int[] {1, 8, 64}) {
                LatencyRun g = LatencyRun.measure(c, requests, () -> gateway.status("emulab-ops/FBSD73-STD").error() == 0);
                LatencyRun b = LatencyRun.measure(c, requests, () -> echo.status("emulab-ops/FBSD73-STD").error() == 0);
                row(out, "status GET, " + c + " connection" + (c == 1 ? "" : "s"), g, b);
            }
            int tmcdPort = gw.tmcdPorts().get(0);
            for (int version : new int[] {34, 32}) {
                String request = "VERSION=" + version + " loadinfo ";
                LatencyRun g = LatencyRun.measure(1, requests / 4, () -> tmcc(tmcdPort, request).startsWith("ADDR="));
                LatencyRun b = LatencyRun.measure(1, requests / 4, () -> tmcc(tmcdEcho.port(), request).startsWith("ADDR="));
                row(out, "loadinfo VERSION=" + version + ", 1 client", g, b);
            }
        }
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

    private static void row(PrintStream out, String name, LatencyRun g, LatencyRun b) {
        out.printf(Locale.ROOT, "%-34s %11.0f %11.0f %7.2f %8.2f/%-8.2f %8.2f/%-8.2f%s%n", name, g.perSecond(), b.perSecond(),
                g.perSecond() / b.perSecond(), g.percentileMillis(50), g.percentileMillis(99), b.percentileMillis(50),
                b.percentileMillis(99), g.failures() + b.failures() > 0 ? "  (" + g.failures() + "/" + b.failures() + " failed)" : "");
    }
}
