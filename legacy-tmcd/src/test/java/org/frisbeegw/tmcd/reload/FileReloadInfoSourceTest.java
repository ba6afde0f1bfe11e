package org.frisbeegw.tmcd.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReloadInfoSourceTest {
    @TempDir
    Path tmp;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void oneBadLineIsSkippedAndEveryOtherNodeStillAnswered() throws Exception {
        Path f = Files.writeString(tmp.resolve("reloads"), String.join("\n",
                "node pc1 ip=10.1.0.1",
                "reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=FBSD73-STD part=1 os=FreeBSD",
                "node pc2 ip=not-an-address",                       // line 3
                "reload pc1 imageid=forty-two name=X",              // line 4
                "bogus pc9",                                        // line 5
                "node pc3 ip=10.1.0.3",
                ""));
        FileReloadInfoSource s = new FileReloadInfoSource(f, "10.1.0.250");
        assertEquals("pc1", s.lookup(ip("10.1.0.1")).orElseThrow().nodeId());
        assertEquals(1, s.lookup(ip("10.1.0.1")).orElseThrow().rows().size(), "the bad reload line only is dropped");
        assertEquals("pc3", s.lookup(ip("10.1.0.3")).orElseThrow().nodeId(), "lines after a bad one still count");
    }

    @Test
    void anEditIsPickedUpWithoutARestart() throws Exception {
        Path f = Files.writeString(tmp.resolve("reloads"), "node pc1 ip=10.1.0.1\n");
        FileReloadInfoSource s = new FileReloadInfoSource(f, "10.1.0.250");
        assertTrue(s.lookup(ip("10.1.0.7")).isEmpty());
        Files.writeString(f, "node pc1 ip=10.1.0.1\nnode pc7 ip=10.1.0.7\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        assertEquals("pc7", s.lookup(ip("10.1.0.7")).orElseThrow().nodeId());
        Files.delete(f);
        assertEquals("pc7", s.lookup(ip("10.1.0.7")).orElseThrow().nodeId(), "an unreadable file keeps the last contents");
    }
}
