package org.frisbeegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(64494, c.port());
        assertEquals(List.of(tmp.toRealPath()), c.imageDirs());
        assertEquals(TransferMethods.UNICAST | TransferMethods.MULTICAST, c.clientMethods());
        assertEquals(Duration.ofSeconds(180), c.serverTimeout());
        assertEquals(List.of("-W", "100000000", "-K", "15"), c.serverArgs());
        assertEquals(10_000_000_000L, c.putMaxSize());
        assertEquals(Duration.ofSeconds(900), c.putTimeout());
        assertTrue(c.putDir().isEmpty());
        assertTrue(c.bindAddress().isEmpty());
        assertEquals(0, c.debugLevel());
        assertEquals(LauncherKind.BUILTIN, c.launcher());
    }

    @Test
    void repeatedFlagsAndBundledDebug() throws Exception {
        Path second = Files.createDirectories(tmp.resolve("b"));
        GatewayConfig c = GatewayOptions.parse("-I", tmp.toString(), "-I", second.toString(), "-dd", "-x", "mcast",
                "-i", "127.0.0.1", "-p", "0");
        assertEquals(2, c.imageDirs().size());
        assertEquals(2, c.debugLevel());
        assertEquals(TransferMethods.MULTICAST, c.clientMethods());
        assertEquals("127.0.0.1", c.bindAddress().orElseThrow().getHostAddress());
        assertEquals(0, c.port());
    }

    @Test
    void demoCreatesTheSampleImageAndServesLoopback() throws Exception {
        GatewayConfig c = GatewayOptions.parse("--demo", tmp.toString());
        Path sample = DemoImages.images(tmp).toRealPath().resolve(DemoImages.SAMPLE_NAME);
        assertEquals(DemoImages.SAMPLE_SIZE, Files.size(sample));
        assertEquals(DemoImages.uploads(tmp).toRealPath(), c.putDir().orElseThrow());
        assertEquals("127.0.0.1", c.bindAddress().orElseThrow().getHostAddress());
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

    private static void assertFlagError(String flag, String... args) {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayOptions.parse(args));
        assertTrue(e.getMessage().contains(flag), e.getMessage());
    }
}
