package org.frisbeegw.gateway.pair;

import java.io.IOException;

/** A write refused because another gateway has taken a newer epoch: this one is no longer active. */
public final class FencedException extends IOException {
    private final long newest;

    public FencedException(long mine, long newest) {
        super("epoch " + mine + " is fenced: epoch " + newest + " was taken since");
        this.newest = newest;
    }

    public long newest() {
        return newest;
    }
}
