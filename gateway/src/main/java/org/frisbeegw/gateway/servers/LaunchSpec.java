package org.frisbeegw.gateway.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an image server is started with (master-server.md §3.5): the source address
 * ({@code -i servaddr}), the destination ({@code -m}: the group, or for unicast the client's IP),
 * the UDP port, the inactivity timeout and the back-end's extra options.
 */
public record LaunchSpec(String imageId, Path imagePath, int method, int servAddr, int destination, int port,
                         Duration inactivityTimeout, List<String> extraArgs) {
    public LaunchSpec {
        extraArgs = List.copyOf(extraArgs);
    }
}
