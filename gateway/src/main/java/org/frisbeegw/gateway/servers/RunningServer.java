package org.frisbeegw.gateway.servers;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An image server the registry started: {@code addr} is what clients are told (the group, or
 * for unicast the server address itself), {@code destination} what the server sends to.
 */
public record RunningServer(String imageId, Path image, int method, int servAddr, int addr, int destination, int port,
                            Instant startedAt, ImageServerProcess process, LaunchSpec spec) {
}
