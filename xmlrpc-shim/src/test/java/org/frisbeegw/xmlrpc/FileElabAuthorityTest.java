package org.frisbeegw.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FileElabAuthorityTest {
    @TempDir
    Path tmp;

    private static final String BOSS = "node 10.1.0.5 id=pc5 experiment=testbed/elab1 creator=alice role=boss state=active"
            + " elabinelab=1\n";

    @Test
    void aBadLineIsNamedAndSkippedAndTheRestCounts() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(FileElabAuthority.class)).addAppender(logged);
        try {
            Path f = Files.writeString(tmp.resolve("authority"), "image 10012 testbed/TB-PRIVATE\n"
                    + "node not-an-ip id=x\n" + "frobnicate everything\n" + "image abc testbed/X\n" + BOSS);
            FileElabAuthority a = new FileElabAuthority(f);
            assertEquals(Optional.of("testbed/TB-PRIVATE"), a.imageName("10012"));
            assertInstanceOf(ElabAuthority.ActingNode.class,
                    a.verifyCaller(new Caller(InetAddress.getByName("10.1.0.5"), Optional.empty())), "line 5 counts");
            for (int bad = 2; bad <= 4; bad++) {
                String where = "authority:" + bad + ":";
                assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains(where)),
                        "line " + bad + " named");
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(FileElabAuthority.class)).detachAppender(logged);
        }
    }

    @Test
    void nologinsTakesEffectWithoutARestart() throws Exception {
        Path f = Files.writeString(tmp.resolve("authority"), BOSS);
        FileElabAuthority a = new FileElabAuthority(f);
        assertEquals(Optional.empty(), a.loginsRefused());
        Files.writeString(f, BOSS + "nologins The testbed is down for maintenance\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        assertEquals(Optional.of("The testbed is down for maintenance"), a.loginsRefused());
    }
}
