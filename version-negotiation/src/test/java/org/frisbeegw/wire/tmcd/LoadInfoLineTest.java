package org.frisbeegw.wire.tmcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines from legacy-tmcd.md §2.4, byte for byte. */
class LoadInfoLineTest {
    private static LoadInfoLine line(String addr, Optional<String> server, Optional<LoadInfoLine.ImageName> image) {
        return new LoadInfoLine(addr, "1", "FreeBSD", server, "ad0", "0", "unknown", "1", "unknown", "0", "unknown", image);
    }

    @Test
    void compatLineWithoutServer() {
        assertEquals("ADDR=234.5.6.69:21712 PART=1 PARTOS=FreeBSD DISK=ad0 ZFILL=0 ACPI=unknown MBRVERS=1 ASF=unknown"
                + " PREPARE=0 NOCLFLUSH=unknown\n", line("234.5.6.69:21712", Optional.empty(), Optional.empty()).format());
    }

    @Test
    void imageNameLine() {
        assertEquals("ADDR= PART=1 PARTOS=FreeBSD SERVER=155.98.32.70 DISK=ad0 ZFILL=0 ACPI=unknown MBRVERS=1 ASF=unknown"
                + " PREPARE=0 NOCLFLUSH=unknown IMAGEID=emulab-ops,emulab-ops,FBSD73-STD\n",
                line("", Optional.of("155.98.32.70"),
                        Optional.of(new LoadInfoLine.ImageName("emulab-ops", "emulab-ops", "FBSD73-STD"))).format());
    }

    @Test
    void unsafeValuesAreRefused() {
        for (String evil : new String[] {"a b", "x;reboot", "$(id)", "`id`", "PART=0", "a'b", "a\"b", "a|b", "a&b", "a*", "a\nb"}) {
            assertThrows(IllegalArgumentException.class, () -> line(evil, Optional.empty(), Optional.empty()), evil);
        }
        assertThrows(IllegalArgumentException.class, () -> line("", Optional.empty(),
                Optional.of(new LoadInfoLine.ImageName("", "g", "n"))));
    }

    @Test
    void newerMfsNeededIsTheSpecsLiteral() {
        assertEquals("ADDR=/NEWER-MFS-NEEDED PART=0 PARTOS=Bogus\n", LoadInfoLine.NEWER_MFS_NEEDED);
    }
}
