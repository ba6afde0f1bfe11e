package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Image servers: which launcher (built-in, or exec a C frisbeed), frisbeed's -T and extra
 * options in the null config, how long a new server must live to count as started, the address
 * plan they are given addresses from, and how many may run at once.
 */
public record LaunchSettings(LauncherKind launcher, Path frisbeed, Duration serverTimeout, List<String> serverArgs,
                             Duration startupCheck, AddressPlan addressPlan, int maxServers) {
    public static final Path DEFAULT_FRISBEED = Path.of("/usr/testbed/sbin/frisbeed");
    public static final Duration DEFAULT_SERVER_TIMEOUT = Duration.ofSeconds(180);
    public static final List<String> DEFAULT_SERVER_ARGS = List.of("-W", "100000000", "-K", "15");
    public static final Duration DEFAULT_STARTUP_CHECK = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_SERVERS = 256;
    public static final LaunchSettings DEFAULTS = new LaunchSettings(LauncherKind.BUILTIN, DEFAULT_FRISBEED,
            DEFAULT_SERVER_TIMEOUT, DEFAULT_SERVER_ARGS, DEFAULT_STARTUP_CHECK, AddressPlan.NULL_CONFIG, DEFAULT_MAX_SERVERS);

    public LaunchSettings {
        serverArgs = List.copyOf(serverArgs);
    }

    public LaunchSettings withExternal(Path binary) {
        return new LaunchSettings(LauncherKind.EXTERNAL, binary, serverTimeout, serverArgs, startupCheck, addressPlan,
                maxServers);
    }

    public LaunchSettings withStartupCheck(Duration check) {
        return new LaunchSettings(launcher, frisbeed, serverTimeout, serverArgs, check, addressPlan, maxServers);
    }
}
