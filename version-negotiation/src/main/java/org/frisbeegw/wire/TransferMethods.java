package org.frisbeegw.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The transfer-method bitmask of the master-server protocol (decls.h MS_METHOD_*). */
public final class TransferMethods {
    public static final int UNKNOWN = 0;
    public static final int UNICAST = 1;
    public static final int MULTICAST = 2;
    public static final int BROADCAST = 4;
    public static final int ANY = UNICAST | MULTICAST | BROADCAST;

    private TransferMethods() {
    }

    /**
     * Parses a comma-separated list of {@code ucast}, {@code mcast}, {@code bcast}, {@code any}
     * as mfrisbeed does. Unlike mfrisbeed, unknown words are an error, not silently ignored.
     */
    public static int parse(String list) {
        int mask = 0;
        for (String word : list.split(",")) {
            switch (word.trim().toLowerCase(Locale.ROOT)) {
                case "ucast" -> mask |= UNICAST;
                case "mcast" -> mask |= MULTICAST;
                case "bcast" -> mask |= BROADCAST;
                case "any" -> mask |= ANY;
                default -> throw new IllegalArgumentException(
                        "unknown transfer method '" + word.trim() + "' (use ucast, mcast, bcast, any)");
            }
        }
        if (mask == 0) {
            throw new IllegalArgumentException("no transfer method given");
        }
        return mask;
    }

    /** Names of the bits set, e.g. "ucast,mcast"; "none" for 0. */
    public static String format(int mask) {
        List<String> names = new ArrayList<>();
        if ((mask & UNICAST) != 0) {
            names.add("ucast");
        }
        if ((mask & MULTICAST) != 0) {
            names.add("mcast");
        }
        if ((mask & BROADCAST) != 0) {
            names.add("bcast");
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }
}
