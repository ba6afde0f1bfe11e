package org.frisbeegw.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real JVM whose worker thread runs out of memory exits at once with status 3. */
class FatalErrorsTest {
    /** The child: installs the handler, then exhausts its small heap on a daemon thread and idles. */
    public static void main(String[] args) throws Exception {
        FatalErrors.install();
        Thread t = new Thread(() -> {
            List<long[]> hog = new java.util.ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }, "hog");
        t.setDaemon(true);
        t.start();
        new java.util.concurrent.CountDownLatch(1).await(60, TimeUnit.SECONDS); // idles; only the halt ends it early
    }

    @Test
    void anOutOfMemoryErrorOnAnyThreadHaltsTheProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                FatalErrorsTest.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "halted instead of limping on");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(FatalErrors.EXIT_FATAL, p.exitValue(), out);
        assertTrue(out.contains("OutOfMemoryError"), out);
    }
}
