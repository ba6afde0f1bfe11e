package org.frisbeegw.helper.data;

import java.util.Random;

/** Decides whether the client pretends a received packet was lost: a hook for loss tests. */
@FunctionalInterface
public interface PacketLoss {
    PacketLoss NONE = () -> false;

    boolean drop();

    /** Drops a fraction of packets, reproducibly for a given seed. */
    static PacketLoss random(double fraction, long seed) {
        Random r = new Random(seed);
        return () -> {
            synchronized (r) {
                return r.nextDouble() < fraction;
            }
        };
    }
}
