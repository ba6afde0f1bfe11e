package org.frisbeegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsFollowMfrisbeedsNullConfig() throws Exception {
        GatewayConfig c = GatewayOptions.parse("-I", tmp.toString());
        assertEquals(64494, c.master().port());
        assertEquals(List.of(tmp.toRealPath()), c.images().dirs());
        assertEquals(TransferMethods.UNICAST | TransferMethods.MULTICAST, c.master().clientMethods());
        assertEquals(Duration.ofSeconds(180), c.launch().serverTimeout());
        assertEquals(List.of("-W", "100000000", "-K", "15"), c.launch().serverArgs());
        assertEquals(10_000_000_000L, c.uploads().maxSize());
        assertEquals(Duration.ofSeconds(900), c.uploads().timeout());
        assertTrue(c.uploads().putDir().isEmpty());
        assertTrue(c.master().bind().isEmpty());
        assertEquals(0, c.operations().debugLevel());
        assertEquals(LauncherKind.BUILTIN, c.launch().launcher());
    }

    @Test
    void repeatedFlagsAndBundledDebug() throws Exception {
        Path second = Files.createDirectories(tmp.resolve("b"));
        GatewayConfig c = GatewayOptions.parse("-I", tmp.toString(), "-I", second.toString(), "-dd", "-x", "mcast",
                "-i", "127.0.0.1", "-p", "0");
        assertEquals(2, c.images().dirs().size());
        assertEquals(2, c.operations().debugLevel());
        assertEquals(TransferMethods.MULTICAST, c.master().clientMethods());
        assertEquals("127.0.0.1", c.master().bind().orElseThrow().getHostAddress());
        assertEquals(0, c.master().port());
    }

    @Test
    void demoCreatesTheSampleImageAndServesLoopback() throws Exception {
        GatewayConfig c = GatewayOptions.parse("--demo", tmp.toString());
        Path sample = DemoImages.images(tmp).toRealPath().resolve(DemoImages.SAMPLE_NAME);
        assertEquals(DemoImages.SAMPLE_SIZE, Files.size(sample));
        assertEquals(DemoImages.uploads(tmp).toRealPath(), c.uploads().putDir().orElseThrow());
        assertEquals("127.0.0.1", c.master().bind().orElseThrow().getHostAddress());
    }

    @Test
    void badValuesNameTheFlag() {
        assertFlagError("-p", "-I", tmp.toString(), "-p", "70000");
        assertFlagError("-p", "-I", tmp.toString(), "-p", "x");
        assertFlagError("-x", "-I", tmp.toString(), "-x", "tcp");
        assertFlagError("-i", "-I", tmp.toString(), "-i", "boss.example");
        assertFlagError("-C", "-I", tmp.toString(), "-C", "file");
        assertFlagError("--db-url", "-I", tmp.toString(), "--db-url", "jdbc:h2:mem:x");
        assertFlagError("-I", "-I", tmp.resolve("missing").toString());
        assertFlagError("--port-base", "-I", tmp.toString(), "--port-base", "65000");
        assertFlagError("--launcher", "-I", tmp.toString(), "--launcher", "magic");
        assertFlagError("stray", "-I", tmp.toString(), "stray");
    }

    @Test
    void tmcdBridgeIsEnabledByReloadInfoOnTmcdsPortsAndMayProxy() throws Exception {
        Path reloads = Files.writeString(tmp.resolve("reloads"), "node pc1 ip=10.1.0.1\n");
        GatewayConfig c = GatewayOptions.parse("-I", tmp.toString(), "-i", "127.0.0.1", "--reload-info", reloads.toString());
        TmcdSettings t = c.tmcd().orElseThrow();
        assertEquals(List.of(7777, 14447), t.ports());
        assertEquals("127.0.0.1", t.bossIp());
        assertTrue(c.proxyFrom().contains(c.bridgeAddress()), "the bridge may proxy for nodes");
        assertTrue(GatewayOptions.parse("-I", tmp.toString()).tmcd().isEmpty());
        assertFlagError("--boss-ip", "-I", tmp.toString(), "--reload-info", reloads.toString());
        assertFlagError("--reload-info", "-I", tmp.toString(), "--tmcd-upstream", "127.0.0.1:7777");
        assertFlagError("--tmcd-ports", "-I", tmp.toString(), "-i", "127.0.0.1", "--reload-info", reloads.toString(),
                "--tmcd-ports", "7777,x");
    }

    @Test
    void aPairMemberNeedsTheAdminControlAndSharedState() throws Exception {
        String images = tmp.toString();
        String sock = tmp.resolve("admin.sock").toString();
        String state = tmp.resolve("shared").toString();
        GatewayConfig c = GatewayOptions.parse("-I", images, "-i", "10.1.0.100", "--pair", "boss-a", "--pair-address",
                "10.1.0.1", "--admin-socket", sock, "--state-dir", state);
        assertEquals(new PairSettings("boss-a", InetAddress.getByName("10.1.0.1")), c.pair().orElseThrow());
        assertEquals("127.0.0.1", GatewayOptions.parse("-I", images, "--pair", "b", "--admin-socket", sock, "--state-dir",
                state).pair().orElseThrow().ownAddress().getHostAddress());
        assertFlagError("--admin-socket", "-I", images, "--pair", "boss-a", "--state-dir", state);
        assertFlagError("--state-dir", "-I", images, "--pair", "boss-a", "--admin-socket", sock);
        assertFlagError("--db-url", "-I", images, "-C", "emulab", "--pair", "boss-a", "--admin-socket", sock);
        assertFlagError("--pair", "-I", images, "--pair", "boss a!", "--admin-socket", sock, "--state-dir", state);
        assertFlagError("--pair-address", "-I", images, "--pair-address", "10.1.0.1");
        assertFlagError("--pair-address", "-I", images, "--pair", "b", "--pair-address", "boss", "--admin-socket", sock,
                "--state-dir", state);
    }

    private static void assertFlagError(String flag, String... args) {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayOptions.parse(args));
        assertTrue(e.getMessage().contains(flag), e.getMessage());
    }
}
