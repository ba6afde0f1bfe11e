package org.frisbeegw.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersAndBackslashesAreEscapedAndPlainTextIsUntouched() {
        String plain = "emulab-ops/FBSD73-STD.ndz";
        assertSame(plain, Printable.escape(plain));
        assertEquals("x\\x1b[2J\\x0d\\x0aINFO forged", Printable.escape("x\u001b[2J\r\nINFO forged"));
        assertEquals("a\\\\x0a", Printable.escape("a\\x0a"), "a literal backslash cannot fake an escape");
        assertEquals("\\x7f\\x9b", Printable.escape("\u007f\u009b"));
        assertEquals("null", Printable.escape(null));
    }
}
