package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the operator sees and keeps: the status page's port, the admin control's socket, the
 * state directory for the server journal, and the debug level (-d, repeatable).
 */
public record OperationSettings(Optional<Integer> statusPort, Optional<Path> adminSocket, Optional<Path> stateDir,
                                int debugLevel) {
    public static final OperationSettings DEFAULTS = new OperationSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), 0);

    public OperationSettings withStateDir(Path dir) {
        return new OperationSettings(statusPort, adminSocket, Optional.of(dir), debugLevel);
    }

    public OperationSettings withStatusPort(int port) {
        return new OperationSettings(Optional.of(port), adminSocket, stateDir, debugLevel);
    }

    public OperationSettings withAdminSocket(Path socket) {
        return new OperationSettings(statusPort, Optional.of(socket), stateDir, debugLevel);
    }
}
