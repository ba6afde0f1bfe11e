package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image id with ESC and CR/LF reaches neither the log nor the status page raw. */
class InjectionIT {
    private static final String FORGED = "x\u001b[2J\r\n2026-01-01 00:00:00.000 INFO  [main] o.f.g.c.GatewayMain - master server listening";

    @TempDir
    Path tmp;


    @Test
    void controlCharactersAreEscapedInTheLogAndOnTheStatusPage() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path log = tmp.resolve("gateway.log");
        int status = FreePorts.tcp();
        try (GatewayProcess gw = GatewayProcess.start(log, FreePorts.tcp(), "-I", images.toString(), "--status-port",
                Integer.toString(status))) {
            assertEquals(MsError.FAILED.code(), gw.client().get(FORGED, TransferMethods.MULTICAST).error());
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status + "/")).build();
            String text = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> http.send(page, HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("x\\x1b[2J"));
            assertFalse(text.contains("\u001b") || text.contains("\r"), "no raw control characters on the page");
            assertFalse(text.contains("\n2026-01-01"), "no forged line on the page");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("x\\x1b[2J"));
        }
        String logged = Files.readString(log);
        assertFalse(logged.contains("\u001b"), "no ESC in the log");
        assertFalse(logged.contains("\r"), "no CR in the log");
        assertTrue(logged.lines().noneMatch(l -> l.startsWith("2026-01-01")), "no forged log line");
    }
}
