package org.frisbeegw.gateway.config;

/**
 * Where multicast groups and ports come from (master-server.md §3.4): groups A.B.C.x from
 * {@code base} ("239.192.1" in the null config), ports from {@code portBase}, and
 * {@code portCount} > 0 for a fixed port range instead of the address-derived port.
 */
public record AddressPlan(int baseA, int baseB, int baseC, int portBase, int portCount) {
    public static final AddressPlan NULL_CONFIG = new AddressPlan(239, 192, 1, 1025, 0);

    public AddressPlan {
        for (int octet : new int[] {baseA, baseB, baseC}) {
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("multicast base octet out of range: " + octet);
            }
        }
        // With no port count the port is base + a 15-bit value, so the whole span must fit.
        int span = portCount > 0 ? portCount : 0x8000;
        if (portBase < 1 || portCount < 0 || portBase + span - 1 > 65535) {
            throw new IllegalArgumentException("ports " + portBase + " + " + span + " do not fit below 65536");
        }
    }

    /** Parses "A.B.C". */
    public static AddressPlan parse(String base, int portBase, int portCount) {
        String[] parts = base.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("multicast base must be three octets like 239.192.1, got " + base);
        }
        try {
            return new AddressPlan(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    portBase, portCount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("multicast base must be three octets like 239.192.1, got " + base);
        }
    }
}
