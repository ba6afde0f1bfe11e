package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped systemd unit passes systemd's own check and agrees with the gateway and the helper. */
class SystemdUnitIT {
    private static final Path UNIT = Path.of("../packaging/frisbee-gateway.service");
    private static final Path ENV = Path.of("../packaging/frisbee-gateway.env");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifyHasNothingToSay() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Path copy = Files.copy(UNIT, tmp.resolve("frisbee-gateway.service"));
        Process p = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip(), "no unknown keys, no missing binaries");
    }

    @Test
    void theUnitKeepsStateWhereTheGatewayAndTheHelperLook() throws Exception {
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("StateDirectory=frisbee-gateway") && unit.contains("--state-dir /var/lib/frisbee-gateway"),
                "the journal lives in the unit's state directory");
        assertTrue(unit.contains("RuntimeDirectory=frisbeegw") && unit.contains("--admin-socket /run/frisbeegw/admin.sock"),
                "the admin socket is where frisbeehelper -k looks by default");
        assertTrue(unit.contains("User=frisbeegw") && unit.contains("ProtectSystem=strict"), "a dedicated user, read-only system");
        String env = Files.readString(ENV);
        assertTrue(env.contains("JAVA_OPTS=") && env.contains("-Xmx128m"), "a heap that fits beside MySQL");
        assertTrue(env.contains("GATEWAY_ARGS=") && env.contains("READY_PORT=64494"), env);
    }
}
