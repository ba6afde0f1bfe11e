package org.frisbeegw.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small helpers the transfer tests share: images of random bytes and literal addresses. */
final class TestData {
    private TestData() {
    }

    /** Writes {@code size} random bytes (seeded by the size, so reruns are identical) to {@code p}. */
    static Path randomFile(Path p, long size) throws IOException {
        Random r = new Random(size);
        byte[] buf = new byte[1 << 16];
        try (var out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return p;
    }

    /** A dotted-quad literal as an address (no name lookup). */
    static InetAddress address(String dotted) {
        try {
            return InetAddress.getByName(dotted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
