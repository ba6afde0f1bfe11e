package org.frisbeegw.gateway.pair;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.PairSettings;
import org.frisbeegw.helper.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pair member as GatewayMain starts it: admin control, status page, the service address check. */
class PairGatewayTest {
    @TempDir
    Path tmp;

    private GatewayConfig config(String serviceAddress) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        InetAddress service = InetAddress.getByName(serviceAddress);
        return GatewayConfig.builder()
                .master(m -> m.withBind(service).withPort(0))
                .images(i -> i.withDirs(List.of(images)))
                .operations(o -> o.withStateDir(tmp.resolve("shared")).withAdminSocket(tmp.resolve("admin.sock"))
                        .withStatusPort(0))
                .pair(Optional.of(new PairSettings("boss-a", InetAddress.getLoopbackAddress())))
                .build();
    }

    private List<String> admin(String request) throws Exception {
        return new AdminClient(tmp.resolve("admin.sock"), Duration.ofSeconds(30)).ask(request);
    }

    @Test
    void aGatewayStartingWhereTheServiceAddressAlreadyIsBecomesActive() throws Exception {
        try (PairGateway g = PairGateway.start(config("127.0.0.1"))) {
            assertTrue(g.member().isActive(), "keepalived holds the address for it: no notify will come");
            assertEquals("ok active epoch 1 (told to become active)", admin("role").get(0));
            String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + g.statusAddress().orElseThrow().getPort() + "/?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(json.contains("\"pair\":{\"member\":\"boss-a\",\"role\":\"active\",\"epoch\":1"), json);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + g.statusAddress().orElseThrow().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("\nfrisbeegw_pair_active 1.0\n"), metrics);
            assertTrue(metrics.contains("\nfrisbeegw_pair_epoch 1.0\n"), metrics);
        }
    }

    @Test
    void aTakeoverThatCannotListenStaysStandbyAndReleasesItsEpoch() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface here: the master port cannot be bound.
        try (PairGateway g = PairGateway.start(config("192.0.2.1"))) {
            assertFalse(g.member().isActive());
            List<String> reply = admin("role active");
            assertTrue(reply.get(0).startsWith("error still standby: cannot start serving in epoch 1"), reply.toString());
            assertFalse(g.member().isActive());
            try (DirectoryPairState state = new DirectoryPairState(tmp.resolve("shared"))) {
                assertTrue(state.current().released(), "the other gateway may take over at once");
                // Its own release is no reason to try again before the back-off: no epoch churn.
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> state.current().epoch() == 1);
            }
            assertEquals("ok standby epoch 1 (told to become standby)", admin("role standby").get(0));
        }
    }
}
