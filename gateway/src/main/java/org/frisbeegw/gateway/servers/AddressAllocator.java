package org.frisbeegw.gateway.servers;

import java.util.HashSet;
import java.util.Set;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.wire.TransferMethods;

/**
 * The address/port allocation of master-server.md §3.4: a counter n, group A.B.C.D derived from
 * it, port from the group (or n mod count). Multicast is preferred, then unicast, then broadcast
 * (255.255.255.255, the last choice as in later mfrisbeed; the 2011 one had none). Unlike the C
 * server it also remembers which ports its running servers hold and skips counter values that
 * would hand one out twice.
 */
public final class AddressAllocator {
    /** Broadcast streams go to 255.255.255.255 (master-server.md §9.3, later versions). */
    static final int LIMITED_BROADCAST = 0xFFFFFFFF;
    /** How many counter values to try before giving up on finding a free port. */
    private static final int MAX_SKIPS = 1024;

    private final AddressPlan plan;
    private final Set<Integer> reservedPorts = new HashSet<>();
    private long counter;

    public AddressAllocator(AddressPlan plan) {
        this.plan = plan;
    }

    /**
     * Takes the next counter value(s) and reserves the port.
     *
     * @throws AllocationException when no method can be allocated or the address space is exhausted
     */
    public synchronized Allocation allocate(int methods) throws AllocationException {
        int method;
        if ((methods & TransferMethods.MULTICAST) != 0) {
            method = TransferMethods.MULTICAST;
        } else if ((methods & TransferMethods.UNICAST) != 0) {
            method = TransferMethods.UNICAST;
        } else if ((methods & TransferMethods.BROADCAST) != 0) {
            method = TransferMethods.BROADCAST; // the last choice, as in later mfrisbeed
        } else {
            throw new AllocationException("no transfer method to allocate in " + TransferMethods.format(methods));
        }
        long before = counter;
        for (int skip = 0; skip < MAX_SKIPS; skip++) {
            Allocation a = next(method);
            if (reservedPorts.add(a.port())) {
                return a;
            }
        }
        // A full pool must not use up the address plan: the next caller starts where this one did.
        counter = before;
        throw new AllocationException("no free port after " + MAX_SKIPS + " tries (" + reservedPorts.size()
                + " ports in use)");
    }

    /** Reserves a given port (a server resumed after a restart); false if it is taken. */
    public synchronized boolean reserve(int port) {
        return reservedPorts.add(port);
    }

    /** Frees a port reserved by {@link #allocate}. */
    public synchronized void release(int port) {
        reservedPorts.remove(port);
    }

    /**
     * Exact counter arithmetic of config_null.c / config_emulab.c, except that running past the
     * last address of the plan starts again at the first (C fails "ran out of MC addresses" for
     * good, until a restart); ports still in use are skipped by the caller.
     */
    private Allocation next(int method) throws AllocationException {
        boolean wrapped = false;
        while (true) {
            long n = ++counter;
            long b = plan.baseB();
            long c = plan.baseC();
            long d = n + 1;
            if (d > 254) {
                c += d / 254;
                d = (d % 254) + 1;
            }
            if (c > 254) {
                b += c / 254;
                c = (c % 254) + 1;
            }
            if (b > 254) {
                if (wrapped) {
                    throw new AllocationException("ran out of multicast addresses");
                }
                wrapped = true;
                counter = 0;
                continue;
            }
            if (method == TransferMethods.MULTICAST && c == 0 && (b == 0 || b == 128)) {
                counter += 254; // groups x.0.0.y and x.128.0.y flood switches
                continue;
            }
            int port = plan.portCount() > 0
                    ? plan.portBase() + (int) (n % plan.portCount())
                    : plan.portBase() + (int) ((c * 256 + d) & 0x7FFF);
            int group = switch (method) {
                case TransferMethods.UNICAST -> 0;
                case TransferMethods.BROADCAST -> LIMITED_BROADCAST;
                default -> (plan.baseA() << 24) | ((int) b << 16) | ((int) c << 8) | (int) d;
            };
            return new Allocation(method, group, port);
        }
    }
}
