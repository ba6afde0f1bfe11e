package org.frisbeegw.gateway.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The sample image directory that {@code --demo DIR} creates so the gateway can run with nothing
 * installed: DIR/images/sample.ndz (4 MiB + 123 bytes of seeded random data, i.e. four chunks and a
 * short tail) and an empty DIR/uploads for PUTs.
 */
public final class DemoImages {
    public static final String SAMPLE_NAME = "sample.ndz";
    static final long SAMPLE_SIZE = 4L * 1024 * 1024 + 123;

    private DemoImages() {
    }

    public static Path images(Path demoDir) {
        return demoDir.resolve("images");
    }

    public static Path uploads(Path demoDir) {
        return demoDir.resolve("uploads");
    }

    /** Creates what is missing; an existing sample is left alone. */
    public static void create(Path demoDir) throws IOException {
        Files.createDirectories(images(demoDir));
        Files.createDirectories(uploads(demoDir));
        Path sample = images(demoDir).resolve(SAMPLE_NAME);
        if (Files.exists(sample)) {
            return;
        }
        Path tmp = sample.resolveSibling(SAMPLE_NAME + ".tmp");
        Random random = new Random(0xFB_EE);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (long left = SAMPLE_SIZE; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        Files.move(tmp, sample);
    }
}
