package org.frisbeegw.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page: text, JSON and Prometheus, after real requests. */
class StatusListenerIT {
    @TempDir
    Path tmp;
    TestGateway gw;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(tmp, "--status-port", "0");
        gw.client().status(TestGateway.IMAGE);
        gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST);
        gw.client().status("emulab-ops/NOPE");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private HttpResponse<String> fetch(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + gw.gateway.statusAddress().orElseThrow().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void textShowsServersCountersAndRecentRequests() throws Exception {
        HttpResponse<String> r = fetch("/");
        assertEquals(200, r.statusCode());
        String body = r.body();
        assertTrue(body.contains("requests: 1 GET, 2 status GET, 0 PUT"), body);
        assertTrue(body.contains("image servers: 1"), body);
        assertTrue(body.contains(TestGateway.IMAGE + " mcast 239.192.1.2:1283 from 127.0.0.1"), body);
        assertTrue(body.contains("STATUS emulab-ops/NOPE -> NOIMAGE"), body);
    }

    @Test
    void jsonOnRequest() throws Exception {
        HttpResponse<String> r = fetch("/?format=json");
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        String body = r.body();
        assertTrue(body.startsWith("{\"uptimeSeconds\":") && body.endsWith("]}"), body);
        assertTrue(body.contains("\"counters\":{\"gets\":1,\"statusGets\":2,\"puts\":0}"), body);
        assertTrue(body.contains("\"port\":1283"), body);
        assertTrue(body.contains("\"outcome\":\"NOIMAGE\""), body);
        assertTrue(body.contains("\"outcomes\":{") && body.contains("\"NOIMAGE\":1"), "replies by outcome: " + body);
    }

    @Test
    void anUploadInProgressIsShownWithItsProgress() throws Exception {
        try (TestGateway up = TestGateway.start(tmp.resolve("up"), "--status-port", "0", "--put-dir",
                Files.createDirectories(tmp.resolve("up-dir")).toString())) {
            PutReply reply = up.client().put(new PutRequest(0, 0, "new.ndz", 100_000, 1_600_000_000L, 30));
            assertEquals(0, reply.error());
            try (Socket s = new Socket(Ipv4.toAddress(reply.addr()), reply.port())) {
                s.getOutputStream().write(new byte[40_000]);
                s.getOutputStream().flush();
                URI json = URI.create("http://127.0.0.1:" + up.gateway.statusAddress().orElseThrow().getPort() + "/?format=json");
                String body = await().atMost(Duration.ofSeconds(10)).until(
                        () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(json).build(),
                                HttpResponse.BodyHandlers.ofString()).body(),
                        b -> b.contains("\"bytesReceived\":40000"));
                assertTrue(body.contains("\"uploads\":[{\"image\":\"new.ndz\",\"client\":\"127.0.0.1\",\"bytesReceived\":40000,"
                        + "\"bytesExpected\":100000}]"), body);
            }
        }
    }

    @Test
    void prometheusMetrics() throws Exception {
        String body = fetch("/metrics").body();
        assertTrue(body.contains("frisbeegw_requests_total{kind=\"get\"} 1.0\n"), body);
        assertTrue(body.contains("frisbeegw_requests_total{kind=\"status\"} 2.0\n"), body);
        assertTrue(body.contains("frisbeegw_replies_total{outcome=\"NOIMAGE\"} 1.0\n"), body);
        assertTrue(body.contains("# TYPE frisbeegw_refused_connections_total counter"), body);
        assertTrue(body.contains("frisbeegw_image_servers 1.0\n"), body);
        assertTrue(body.contains("# TYPE frisbeegw_blocks_sent_total counter"), body);
        assertEquals(404, fetch("/other").statusCode());
    }
}
