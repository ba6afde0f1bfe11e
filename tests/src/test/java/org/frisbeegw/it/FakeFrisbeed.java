package org.frisbeegw.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real executable standing in for the C frisbeed: a shell script that writes its arguments,
 * one per line, to {@code launch.<pid>} beside itself, then either runs until killed or exits
 * at once with a given status.
 */
final class FakeFrisbeed {
    final Path binary;
    private final Path dir;

    private FakeFrisbeed(Path dir, Path binary) {
        this.dir = dir;
        this.binary = binary;
    }

    /** Runs until stopped, like a frisbeed waiting for clients. */
    static FakeFrisbeed running(Path dir) throws IOException {
        return write(dir, "exec sleep 600");
    }

    /** Exits at once with this status, like a frisbeed that cannot open its socket. */
    static FakeFrisbeed exitingWith(Path dir, int status) throws IOException {
        return write(dir, "exit " + status);
    }

    private static FakeFrisbeed write(Path dir, String then) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("frisbeed");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/launch.$$\"\n"
                + then + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FakeFrisbeed(dir, script);
    }

    /** One entry per launch: its pid and the argument list it was given. */
    List<Launch> launches() throws IOException {
        List<Launch> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("launch.")).toList()) {
                long pid = Long.parseLong(f.getFileName().toString().substring("launch.".length()));
                result.add(new Launch(pid, Files.readAllLines(f)));
            }
        }
        return result;
    }

    record Launch(long pid, List<String> args) {
        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
