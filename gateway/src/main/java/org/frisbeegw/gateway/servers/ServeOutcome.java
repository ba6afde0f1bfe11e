package org.frisbeegw.gateway.servers;

import org.frisbeegw.wire.MsError;

/** What {@link ServerRegistry#acquire} got for a GET. */
public sealed interface ServeOutcome {
    /** A server is running for the image and the client may join it. */
    record Serving(RunningServer server, boolean reused) implements ServeOutcome {
    }

    /** The client must ask again later (TRYAGAIN) or gets another error; {@code why} is for the log. */
    record Refused(MsError error, String why) implements ServeOutcome {
    }
}
