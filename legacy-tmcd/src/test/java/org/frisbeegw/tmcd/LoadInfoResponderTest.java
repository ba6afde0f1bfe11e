package org.frisbeegw.tmcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.tmcd.reload.DiskAttributes;
import org.frisbeegw.tmcd.reload.NodeReloads;
import org.frisbeegw.tmcd.reload.ReloadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * loadinfo replies per tmcc VERSION band, byte for byte (legacy-tmcd.md §2.4). The master server
 * is replaced by a recording stream source; the cross-module tests use the real one.
 */
class LoadInfoResponderTest {
    private static final InetAddress NODE = InetAddress.getLoopbackAddress();
    private static final ReloadRow FBSD = new ReloadRow("1", "FreeBSD", "0", null, null, 42, "0", "FBSD73-STD",
            "emulab-ops", "emulab-ops", "/usr/testbed/images/FBSD73-STD.ndz");
    private static final ReloadRow LINUX = new ReloadRow("2", "Linux", "", "", null, 43, "0", "UBUNTU", "emulab-ops",
            "emulab-ops", null);
    private static final StreamSource.Stream STREAM = new StreamSource.Stream("234.5.6.69", 21712, "155.98.32.70");

    private final List<String> asked = new ArrayList<>();

    private String answer(int version, StreamSource streams, ReloadRow... rows) {
        NodeReloads node = new NodeReloads("pc1", true, List.of(rows), DiskAttributes.DEFAULTS, "155.98.32.70");
        return new LoadInfoResponder(streams).answer(version, NODE, node);
    }

    private StreamSource recording() {
        return (node, image) -> {
            asked.add(image);
            return Optional.of(STREAM);
        };
    }

    @ParameterizedTest(name = "VERSION={0}")
    @CsvSource({"2, loadinfo-address.txt", "29, loadinfo-address.txt", "30, loadinfo-address.txt",
        "31, loadinfo-address-server.txt", "32, loadinfo-address-server.txt", "33, loadinfo-image-name.txt",
        "34, loadinfo-image-name.txt"})
    void oneImageForEachVersionBand(int version, String fixture) {
        assertEquals(TextFixtures.load(fixture), answer(version, recording(), FBSD));
        assertEquals(version >= 33 ? List.of() : List.of("emulab-ops/FBSD73-STD"), asked,
                "the master server is asked only on the compat path");
    }

    @Test
    void oldMfsWithTwoImagesIsToldItIsTooOld() {
        assertEquals(TextFixtures.load("loadinfo-newer-mfs.txt"), answer(29, recording(), FBSD, LINUX));
        assertEquals(List.of(), asked);
    }

    @Test
    void version30GetsOneLinePerImageInIdxOrder() {
        assertEquals(TextFixtures.load("loadinfo-two-images-v30.txt"), answer(30, recording(), FBSD, LINUX));
        assertEquals(List.of("emulab-ops/FBSD73-STD", "emulab-ops/UBUNTU"), asked);
    }

    @Test
    void noStreamForARowEndsTheReplyWithNewerMfsNeeded() {
        StreamSource firstOnly = (node, image) -> image.endsWith("FBSD73-STD") ? Optional.of(STREAM) : Optional.empty();
        assertEquals(TextFixtures.load("loadinfo-second-fails-v30.txt"), answer(30, firstOnly, FBSD, LINUX));
        assertEquals("ADDR=/NEWER-MFS-NEEDED PART=0 PARTOS=Bogus\n", answer(32, (n, i) -> Optional.empty(), FBSD));
    }

    @Test
    void noReloadRowsOrBadDataGiveTheEmptyReply() {
        assertEquals("", answer(34, recording()));
        ReloadRow nullOs = new ReloadRow("1", null, "0", null, null, 42, "0", "X", "p", "g", null);
        assertEquals("", answer(34, recording(), nullOs), "NULL OS: no (null) in the reply");
        ReloadRow evil = new ReloadRow("1", "FreeBSD;reboot", "0", null, null, 42, "0", "X", "p", "g", null);
        assertEquals("", answer(34, recording(), evil), "values the MFS would eval are refused");
        ReloadRow noGid = new ReloadRow("1", "FreeBSD", "0", null, null, 42, "0", "X", "p", "", null);
        assertEquals("", answer(34, recording(), noGid), "IMAGEID with an empty part");
    }

    @Test
    void overflowingTmcdsBufferGivesTheEmptyReply() {
        ReloadRow[] many = new ReloadRow[20];
        java.util.Arrays.fill(many, FBSD);
        assertEquals("", answer(34, recording(), many), "20 lines of ~150 bytes exceed 2048");
    }
}
