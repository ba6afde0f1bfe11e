package org.frisbeegw.gateway.servers;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A started image server, whatever runs it: an OS process or a server inside this JVM. */
public interface ImageServerProcess {
    /** Exit status as frisbeed's would be (98 = EADDRINUSE on Linux); completes when it ends. */
    CompletableFuture<Integer> exit();

    /** Asks it to stop; {@link #exit()} completes when it has. */
    void stop();

    /** For log lines, e.g. "pid 4711". */
    String describe();

    /** The OS process id, when the server is a process of its own (an external frisbeed). */
    default OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** Traffic counters, when the server runs in this JVM (an external frisbeed has none). */
    default Optional<ServerStats> stats() {
        return Optional.empty();
    }
}
