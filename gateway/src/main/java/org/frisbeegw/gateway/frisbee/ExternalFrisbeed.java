package org.frisbeegw.gateway.frisbee;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.gateway.servers.ImageServerProcess;
import org.frisbeegw.gateway.servers.LaunchSpec;
import org.frisbeegw.gateway.servers.ServerLauncher;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execs the C frisbeed with exactly the arguments of master-server.md §3.5:
 * {@code -i <servaddr> -T <timeout> <options...> -m <addr> -p <port> <path>}. Arguments are passed
 * as a list, so paths with blanks survive (the C server split one string on blanks). Its output
 * goes to our log; its exit is observed without polling.
 */
public final class ExternalFrisbeed implements ServerLauncher {
    private static final Logger log = LoggerFactory.getLogger(ExternalFrisbeed.class);
    private static final long STOP_GRACE_MS = 2000;

    private final Path binary;

    public ExternalFrisbeed(Path binary) {
        this.binary = binary;
    }

    /** The full command line for a spec; public so operators' docs and tests can show it. */
    public List<String> command(LaunchSpec spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("-i");
        cmd.add(Ipv4.format(spec.servAddr()));
        cmd.add("-T");
        cmd.add(Long.toString(spec.inactivityTimeout().toSeconds()));
        cmd.addAll(spec.extraArgs());
        if (spec.method() == TransferMethods.BROADCAST && !spec.extraArgs().contains("-b")) {
            cmd.add("-b");
        }
        cmd.add("-m");
        cmd.add(Ipv4.format(spec.destination()));
        cmd.add("-p");
        cmd.add(Integer.toString(spec.port()));
        cmd.add(spec.imagePath().toString());
        return cmd;
    }

    @Override
    public ImageServerProcess launch(LaunchSpec spec) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IOException("frisbeed binary " + binary + " is missing or not executable");
        }
        Process process = new ProcessBuilder(command(spec)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        String name = "frisbeed pid " + process.pid();
        Thread pump = new Thread(() -> pumpOutput(process, name), name + " output");
        pump.setDaemon(true);
        pump.start();
        log.debug("started {}: {}", name, command(spec));
        return new Child(process, name);
    }

    private static void pumpOutput(Process process, String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.info("[{}] {}", name, line);
            }
        } catch (IOException e) {
            log.debug("[{}] output closed: {}", name, e.toString());
        }
    }

    private record Child(Process process, String describe) implements ImageServerProcess {
        @Override
        public OptionalLong pid() {
            return OptionalLong.of(process.pid());
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public void stop() {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
