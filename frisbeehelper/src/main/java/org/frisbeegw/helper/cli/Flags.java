package org.frisbeegw.helper.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.commons.cli.CommandLine;

/**
 * Reading flag values for every verb, with one error format: {@code <flag> <value>: <problem>}
 * (the verb adds its name in front). Numbers are range-checked; hosts resolved once.
 */
public final class Flags {
    private Flags() {
    }

    /** "-p" for a one-letter option, "--port" for a long one. */
    public static String flag(String name) {
        return name.length() == 1 ? "-" + name : "--" + name;
    }

    public static int intValue(CommandLine cl, String name, int dflt, int min, int max) throws UsageException {
        long v = longValue(cl, name, dflt, min, max);
        return (int) v;
    }

    public static long longValue(CommandLine cl, String name, long dflt, long min, long max) throws UsageException {
        String value = cl.getOptionValue(name);
        if (value == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag(name) + " " + value + ": not a number");
        }
        if (v < min || v > max) {
            throw new UsageException(flag(name) + " " + value + ": must be between " + min + " and " + max);
        }
        return v;
    }

    /** A host name or address, resolved now. */
    public static InetAddress host(String flag, String value) throws UsageException {
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new UsageException(flag + " " + value + ": unknown host");
        }
    }

    /** {@code host[:port]}, the port defaulting to {@code defaultPort}. */
    public static InetSocketAddress hostPort(String flag, String value, int defaultPort) throws UsageException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            return new InetSocketAddress(host(flag, value), defaultPort);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " " + value + ": expected host:port");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException(flag + " " + value + ": port must be between 1 and 65535");
        }
        return new InetSocketAddress(host(flag, value.substring(0, colon)), port);
    }

    /** Refuses each of {@code dependents} unless {@code given}: "--x needs {@code what}". */
    public static void requireWith(CommandLine cl, boolean given, String what, String... dependents) throws UsageException {
        if (given) {
            return;
        }
        for (String d : dependents) {
            if (cl.hasOption(d)) {
                throw new UsageException(flag(d) + " needs " + what);
            }
        }
    }
}
