package org.frisbeegw.helper;

import java.time.Duration;

/**
 * Per-exchange deadlines. The C client has none on connect and 5 s overall for the send and for
 * the receive; we bound the connect too so a black-holed server cannot hang a caller.
 */
public record Deadlines(Duration connect, Duration send, Duration receive) {
    public static final Deadlines DEFAULT = uniform(Duration.ofSeconds(5));

    public Deadlines {
        for (Duration d : new Duration[] {connect, send, receive}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("deadlines must be positive");
            }
        }
    }

    public static Deadlines uniform(Duration each) {
        return new Deadlines(each, each, each);
    }
}
