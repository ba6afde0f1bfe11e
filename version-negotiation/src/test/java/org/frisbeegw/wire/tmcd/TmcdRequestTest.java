package org.frisbeegw.wire.tmcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TmcdRequestTest {
    private static TmcdRequest parse(String s) throws TmcdFormatException {
        return TmcdRequest.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void whatAReloadingNodeSends() throws Exception {
        TmcdRequest r = parse("VERSION=32 loadinfo ");
        assertEquals(32, r.version());
        assertEquals("loadinfo", r.command());
        assertEquals("", r.arguments());
        assertTrue(r.isLoadInfo());
        assertFalse(r.hasIdentityPrefix());
        TmcdRequest state = parse("VERSION=34 state RELOADING ");
        assertEquals("state", state.command());
        assertEquals("RELOADING ", state.arguments());
    }

    @Test
    void missingVersionMeansTwo() throws Exception {
        assertEquals(2, parse("loadinfo").version());
    }

    @Test
    void prefixKeysInAnyOrderBeforeTheCommand() throws Exception {
        TmcdRequest r = parse("VNODEID=pcvm1-2 PRIVKEY=0123456789abcdef0123 IDKEY=abc123 VERSION=30 loadinfo ");
        assertEquals(Optional.of("pcvm1-2"), r.vnodeId());
        assertEquals(Optional.of("0123456789abcdef0123"), r.privKey());
        assertEquals(Optional.of("abc123"), r.idKey());
        assertEquals(30, r.version());
        assertTrue(r.hasIdentityPrefix());
        assertEquals(Optional.of("10.1.0.1"), parse("REDIRECT=10.1.0.1 VERSION=33 loadinfo ").redirect());
    }

    @Test
    void negativeAndHugeVersions() throws Exception {
        assertEquals(-5, parse("VERSION=-5 loadinfo ").version());
        assertEquals(Integer.MAX_VALUE, parse("VERSION=99999999999999999999 loadinfo ").version());
        assertEquals(Integer.MIN_VALUE, parse("VERSION=-99999999999999999999 loadinfo ").version());
    }

    @Test
    void whatTmcdWouldDropIsRefused() {
        String[] bad = {"", " ", "VERSION=32  loadinfo ", " loadinfo", "VERSION=abc loadinfo ", "VERSION=32",
            "VERSION=32 ", "PRIVKEY=xyz loadinfo", "PRIVKEY=0123 loadinfo", "REDIRECT=boss loadinfo",
            "VNODEID=a;b loadinfo", "IDKEY=a-b loadinfo", "VERSION=32 load;info ", "VERSION=32 loadinfo \u0000"};
        for (String s : bad) {
            assertThrows(TmcdFormatException.class, () -> parse(s), "'" + s + "'");
        }
        assertThrows(TmcdFormatException.class, () -> TmcdRequest.parse(new byte[] {(byte) 0xC3, (byte) 0xA9}));
    }

    @Test
    void commandTableIsMatchedByPrefix() throws Exception {
        assertTrue(parse("VERSION=33 loadinfoXYZ ").isLoadInfo());
        assertFalse(parse("VERSION=33 loadin ").isLoadInfo());
    }

    @Test
    void dialectThresholds() {
        assertEquals(LoadInfoDialect.SINGLE_IMAGE_ADDRESS, LoadInfoDialect.forVersion(Integer.MIN_VALUE));
        assertEquals(LoadInfoDialect.SINGLE_IMAGE_ADDRESS, LoadInfoDialect.forVersion(29));
        assertEquals(LoadInfoDialect.MULTI_IMAGE_ADDRESS, LoadInfoDialect.forVersion(30));
        assertEquals(LoadInfoDialect.ADDRESS_WITH_SERVER, LoadInfoDialect.forVersion(31));
        assertEquals(LoadInfoDialect.ADDRESS_WITH_SERVER, LoadInfoDialect.forVersion(32));
        assertEquals(LoadInfoDialect.IMAGE_NAME, LoadInfoDialect.forVersion(33));
        assertEquals(LoadInfoDialect.IMAGE_NAME, LoadInfoDialect.forVersion(Integer.MAX_VALUE));
    }
}
