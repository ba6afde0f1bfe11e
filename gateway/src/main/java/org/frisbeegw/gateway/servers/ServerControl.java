package org.frisbeegw.gateway.servers;

import java.util.List;
import java.util.function.Predicate;

/** What the admin control may do with the running image servers: list them and stop some. */
public interface ServerControl {
    List<RunningServer> running();

    /** Stops the servers {@code which} selects, waits a little for them to end, and returns them. */
    List<RunningServer> stop(Predicate<RunningServer> which);
}
