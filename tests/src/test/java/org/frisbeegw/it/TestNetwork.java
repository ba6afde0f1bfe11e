package org.frisbeegw.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small test network of this machine's own: network namespaces on one bridge, as separate hosts
 * with their own addresses and ports (a Frisbee client and server must not share a host:port).
 * Hosts get 10.213.N.1, .2, ... on a /24 with a multicast route; the bridge itself holds .254 so
 * the test JVM can reach them. Traffic never leaves the machine. Needs root and iproute2;
 * {@link #unavailableReason()} says why not, for a skip.
 */
final class TestNetwork implements AutoCloseable {
    private final String id;
    private final int subnet;
    private final List<String> hosts = new ArrayList<>();
    private final String bridge;

    private TestNetwork(String id, int subnet) {
        this.id = id;
        this.subnet = subnet;
        this.bridge = "fb" + id;
    }

    /** Null when namespaces can be made here, else why not. */
    static String unavailableReason() {
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            return "iproute2 (ip) is not installed";
        }
        String probe = "fgwprobe" + ProcessHandle.current().pid() % 100000;
        try {
            if (run("ip", "netns", "add", probe) != 0) {
                return "cannot create a network namespace (not root?)";
            }
            run("ip", "netns", "del", probe);
            return null;
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        }
    }

    /** A bridge and {@code count} hosts named h1..hN. */
    static TestNetwork create(int count) throws IOException {
        long pid = ProcessHandle.current().pid();
        TestNetwork n = new TestNetwork(Long.toString(pid % 100000), (int) (pid % 200) + 20);
        try {
            n.must("ip", "link", "add", n.bridge, "type", "bridge");
            n.must("ip", "addr", "add", "10.213." + n.subnet + ".254/24", "dev", n.bridge);
            n.must("ip", "link", "set", n.bridge, "up");
            for (int i = 1; i <= count; i++) {
                n.addHost(i);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    private void addHost(int i) throws IOException {
        String ns = namespace(i);
        String outside = "fv" + id + "h" + i;
        must("ip", "netns", "add", ns);
        hosts.add(ns);
        must("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns);
        must("ip", "link", "set", outside, "master", bridge);
        must("ip", "link", "set", outside, "up");
        in(i, "ip", "link", "set", "lo", "up");
        in(i, "ip", "addr", "add", address(i) + "/24", "dev", "eth0");
        in(i, "ip", "link", "set", "eth0", "up");
        in(i, "ip", "route", "add", "224.0.0.0/4", "dev", "eth0");
    }

    String namespace(int host) {
        return "fgw" + id + "h" + host;
    }

    /** Host {@code i}'s address. */
    String address(int host) {
        return "10.213." + subnet + "." + host;
    }

    /** The bridge's interface name (the test JVM's side of the network). */
    String bridgeName() {
        return bridge;
    }

    /** Runs {@code cmd} on host {@code i}; its exit status (output goes to stderr when it fails). */
    int exec(int host, String... cmd) throws IOException {
        return run(on(host, List.of(cmd)).toArray(String[]::new));
    }

    /** The address the test JVM has on the bridge. */
    String bridgeAddress() {
        return "10.213." + subnet + ".254";
    }

    /** A command line that runs {@code cmd} on host {@code i}. */
    List<String> on(int host, List<String> cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(cmd);
        return full;
    }

    /**
     * Drops {@code percent} % of UDP datagrams arriving at host {@code i} (nftables, random), as a
     * lossy network would; false when nft is not installed.
     */
    boolean lossy(int host, int percent) throws IOException {
        if (run("sh", "-c", "command -v nft") != 0) {
            return false;
        }
        in(host, "nft", "add", "table", "inet", "lossy");
        in(host, "nft", "add", "chain", "inet", "lossy", "in", "{ type filter hook input priority 0; }");
        in(host, "nft", "add", "rule", "inet", "lossy", "in", "udp", "dport", "1024-65535", "numgen", "random", "mod",
                "100", "<", Integer.toString(percent), "drop");
        return true;
    }

    private void in(int host, String... cmd) throws IOException {
        List<String> full = on(host, List.of(cmd));
        must(full.toArray(String[]::new));
    }

    private void must(String... cmd) throws IOException {
        if (run(cmd) != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
    }

    private static int run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", cmd) + ": " + new String(out, StandardCharsets.UTF_8).trim());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    /** Deletes the hosts (killing what still runs in them) and the bridge. */
    @Override
    public void close() throws IOException {
        for (String ns : hosts) {
            run("sh", "-c", "ip netns pids " + ns + " | xargs -r kill -9");
            run("ip", "netns", "del", ns);
        }
        run("ip", "link", "del", bridge);
    }
}
