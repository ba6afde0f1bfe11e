package org.frisbeegw.gateway.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;

/** master-server.md §3.4, value by value. */
class AddressAllocatorTest {

    @Test
    void firstNullConfigServerGets239_192_1_2Port1283() throws Exception {
        Allocation a = new AddressAllocator(AddressPlan.NULL_CONFIG).allocate(TransferMethods.UNICAST | TransferMethods.MULTICAST);
        assertEquals(TransferMethods.MULTICAST, a.method());
        assertEquals("239.192.1.2", Ipv4.format(a.group()));
        assertEquals(1283, a.port());
    }

    @Test
    void unicastConsumesACounterValueAndHasNoGroup() throws Exception {
        AddressAllocator alloc = new AddressAllocator(AddressPlan.NULL_CONFIG);
        Allocation u = alloc.allocate(TransferMethods.UNICAST);
        assertEquals(TransferMethods.UNICAST, u.method());
        assertEquals(0, u.group());
        assertEquals(1025 + 258, u.port());
        Allocation m = alloc.allocate(TransferMethods.MULTICAST);
        assertEquals("239.192.1.3", Ipv4.format(m.group()));
        assertEquals(1025 + 259, m.port());
    }

    @Test
    void fourthOctetWrapsIntoTheThird() throws Exception {
        AddressAllocator alloc = new AddressAllocator(AddressPlan.NULL_CONFIG);
        Allocation a = null;
        for (int n = 1; n <= 253; n++) {
            a = alloc.allocate(TransferMethods.MULTICAST);
        }
        assertEquals("239.192.1.254", Ipv4.format(a.group())); // n = 253: D = 254
        Allocation wrapped = alloc.allocate(TransferMethods.MULTICAST); // n = 254: D = 255 > 254
        assertEquals("239.192.2.2", Ipv4.format(wrapped.group()));
        assertEquals(1025 + ((2 * 256 + 2) & 0x7FFF), wrapped.port());
    }

    @Test
    void fixedPortRangeUsesCounterModuloCount() throws Exception {
        AddressAllocator alloc = new AddressAllocator(new AddressPlan(234, 5, 6, 21700, 100));
        Allocation a = alloc.allocate(TransferMethods.MULTICAST);
        assertEquals("234.5.6.2", Ipv4.format(a.group()));
        assertEquals(21701, a.port());
    }

    @Test
    void aReservedPortIsNotHandedOutAgainUntilReleased() throws Exception {
        AddressAllocator alloc = new AddressAllocator(new AddressPlan(239, 192, 1, 5000, 2));
        Allocation first = alloc.allocate(TransferMethods.MULTICAST);   // n=1 -> 5001
        Allocation second = alloc.allocate(TransferMethods.MULTICAST);  // n=2 -> 5000
        assertEquals(5001, first.port());
        assertEquals(5000, second.port());
        alloc.release(first.port());
        // n=3 would give 5001 again, which is free now; n=4 (5000) is still held and is skipped.
        assertEquals(5001, alloc.allocate(TransferMethods.MULTICAST).port());
        alloc.release(second.port());
        // n=4 -> 5000 is free again; n=5 -> 5001 is held, n=6 -> 5000 now held: both ports busy.
        assertEquals(5000, alloc.allocate(TransferMethods.MULTICAST).port());
        assertThrows(AllocationException.class, () -> alloc.allocate(TransferMethods.MULTICAST));
    }

    @Test
    void exhaustedPortsFailCleanly() throws Exception {
        AddressAllocator alloc = new AddressAllocator(new AddressPlan(239, 192, 1, 5000, 1));
        Allocation only = alloc.allocate(TransferMethods.MULTICAST);
        assertThrows(AllocationException.class, () -> alloc.allocate(TransferMethods.MULTICAST));
        alloc.release(only.port());
        assertEquals(5000, alloc.allocate(TransferMethods.MULTICAST).port());
    }

    @Test
    void broadcastIsTheLastChoiceAndGoesTo255_255_255_255() throws Exception {
        AddressAllocator alloc = new AddressAllocator(AddressPlan.NULL_CONFIG);
        Allocation b = alloc.allocate(TransferMethods.BROADCAST);
        assertEquals(TransferMethods.BROADCAST, b.method());
        assertEquals(0xFFFFFFFF, b.group());
        assertEquals(TransferMethods.UNICAST, alloc.allocate(TransferMethods.BROADCAST | TransferMethods.UNICAST).method());
        assertEquals(TransferMethods.MULTICAST, alloc.allocate(TransferMethods.ANY).method());
        assertThrows(AllocationException.class, () -> alloc.allocate(0));
    }

    @Test
    void aFullPoolBurnsNoCounterValuesAndRecoversWhenPortsAreFreed() throws Exception {
        AddressAllocator alloc = new AddressAllocator(new AddressPlan(239, 192, 1, 5000, 4));
        List<Allocation> held = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(alloc.allocate(TransferMethods.MULTICAST));
        }
        for (int i = 0; i < 5000; i++) { // the adversarial run's GETs against a full pool
            assertThrows(AllocationException.class, () -> alloc.allocate(TransferMethods.MULTICAST));
        }
        alloc.release(held.get(2).port());
        Allocation again = alloc.allocate(TransferMethods.MULTICAST);
        assertEquals(held.get(2).port(), again.port());
        // n = 5 and 6 hit held ports; n = 7 (group .8) is free: the 5,000 refusals used up nothing.
        assertEquals(Ipv4Octets.of(239, 192, 1, 8), again.group(), "the counter went on from where it was");
    }

    @Test
    void runningPastTheLastAddressOfThePlanStartsAgainAtTheFirst() throws Exception {
        AddressAllocator alloc = new AddressAllocator(new AddressPlan(239, 254, 254, 20000, 100));
        java.util.Set<Integer> groups = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Allocation a = alloc.allocate(TransferMethods.MULTICAST);
            groups.add(a.group());
            alloc.release(a.port());
        }
        assertTrue(groups.stream().allMatch(g -> (g >>> 8) == ((239 << 16) | (254 << 8) | 254)), "inside 239.254.254.x");
        assertEquals(253, groups.size());
    }

    /** Dotted quads as the wire's int. */
    private static final class Ipv4Octets {
        static int of(int a, int b, int c, int d) {
            return (a << 24) | (b << 16) | (c << 8) | d;
        }
    }
}
