package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The legacy tmcd bridge: its ports (TCP and UDP each), the reload information file (absent:
 * the Emulab DB of -C emulab), the boss IP
 * used as SERVER= when a node has no frisbee sub-boss, the real tmcd to relay other commands to
 * (and the address tmcd knows as its own, to relay from), and how often the compat path asks the
 * master server again on TRYAGAIN (1 = never, as the original).
 */
public record TmcdSettings(List<Integer> ports, Optional<Path> reloadInfo, String bossIp, Optional<InetSocketAddress> upstream,
                           InetAddress relayFrom, int compatTries) {
    public TmcdSettings {
        ports = List.copyOf(ports);
    }
}
