package org.frisbeegw.gateway.parent;

import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.MsError;

/** What asking the parent gave: its reply, or the error to pass on (NOIMAGE when it did not answer). */
public sealed interface ParentAnswer {
    record Reply(GetReply reply) implements ParentAnswer {
    }

    record Failure(MsError error, String why) implements ParentAnswer {
    }
}
