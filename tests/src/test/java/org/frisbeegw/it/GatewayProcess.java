package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.helper.RetryPolicy;

/** The gateway's shaded jar run as a separate JVM, as an operator runs it. */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    final InetSocketAddress master;

    private GatewayProcess(Process process, InetSocketAddress master) {
        this.process = process;
        this.master = master;
    }

    /** The gateway's jar with a 64 MiB heap: what the attack tests must survive. */
    static GatewayProcess start(Path log, int port, String... flags) throws Exception {
        return startWithJvm(List.of("-Xmx64m"), log, port, flags);
    }

    /** As {@link #start}, with JVM options (a small heap, say) before {@code -jar}. */
    static GatewayProcess startWithJvm(List<String> jvm, Path log, int port, String... flags) throws Exception {
        Path jar = Path.of(System.getProperty("gateway.jar", "../gateway/target/frisbee-gateway.jar"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GatewayProcess g = new GatewayProcess(p, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        MasterClient probe = g.client();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreException(MasterClientException.class)
                .until(() -> probe.status("probe").error() >= 0);
        return g;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    MasterClient client() {
        return new MasterClient(master, Deadlines.uniform(Duration.ofSeconds(5)), RetryPolicy.NONE);
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the shutdown hook stops the servers and records it. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
