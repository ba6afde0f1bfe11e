package org.frisbeegw.gateway.servers;

import java.io.IOException;

/** Starts image servers. Implementations: {@link ExternalFrisbeed}; test doubles in the tests. */
public interface ServerLauncher {
    /** Starts a server; failure to start at all is an IOException (the master server answers FAILED). */
    ImageServerProcess launch(LaunchSpec spec) throws IOException;

    /**
     * True when a server that cannot run has already exited by the time {@link #launch} returns,
     * so the master server need not wait out a start-up check (a separate process may die later).
     */
    default boolean failsFast() {
        return false;
    }
}
