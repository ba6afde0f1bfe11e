package org.frisbeegw.gateway.frisbee;

import java.util.List;

/**
 * Applies frisbeed-style options (the configuration's per-image "extra arguments", e.g.
 * {@code -W 100000000 -K 15}) to the built-in server's settings, so one configuration drives both
 * launchers. {@code -K} (IGMP keep-alive) is accepted and left to the kernel, which answers IGMP
 * queries for joined groups itself; {@code -b} broadcasts to -m; {@code -d}/{@code -t} are accepted
 * and ignored.
 */
public final class FrisbeedArguments {
    private FrisbeedArguments() {
    }

    public static ServerSettings apply(ServerSettings base, List<String> args) {
        long bandwidth = base.bandwidthBitsPerSecond();
        int burst = base.burstSize();
        int gap = base.burstGapMicros();
        boolean broadcast = base.broadcast();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "-W" -> bandwidth = number(args, ++i, flag);
                case "-B" -> burst = (int) number(args, ++i, flag);
                case "-G" -> gap = (int) number(args, ++i, flag);
                case "-K" -> number(args, ++i, flag);
                case "-b" -> broadcast = true;
                case "-d", "-t" -> {
                    // debug and tracing: our logging is configured by the gateway
                }
                default -> throw new IllegalArgumentException("built-in image server does not support option " + flag);
            }
        }
        return base.withPacing(bandwidth, burst, gap).withBroadcast(broadcast);
    }

    private static long number(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        try {
            long v = Long.parseLong(args.get(i));
            if (v < 0) {
                throw new IllegalArgumentException(flag + " must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + args.get(i) + ": not a number");
        }
    }
}
