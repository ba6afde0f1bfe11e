package org.frisbeegw.gateway.auth;

import org.frisbeegw.wire.MsError;

/** The back-end's answer: one image record, or the protocol error to reply with and why. */
public sealed interface AuthDecision {
    record Allowed(ImageRecord image) implements AuthDecision {
    }

    record Denied(MsError error, String why) implements AuthDecision {
    }
}
