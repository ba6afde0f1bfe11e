package org.frisbeegw.gateway.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The journal read back as hostile input: bad lines named and skipped, good ones resumed. */
class ServerJournalTest {
    private static final int SERVADDR = Ipv4.parse("10.1.0.1");
    private static final int GROUP = Ipv4.parse("239.192.1.2");

    @TempDir
    Path tmp;
    private Path images;
    private Path image;
    private JournalEntryCheck check;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void setUp() throws IOException {
        images = Files.createDirectories(tmp.resolve("images")).toRealPath();
        image = Files.writeString(images.resolve("a.ndz"), "image");
        check = new JournalEntryCheck(List.of(images), AddressPlan.NULL_CONFIG);
        logged.start();
        ((Logger) LoggerFactory.getLogger(ServerJournal.class)).addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(ServerJournal.class)).detachAppender(logged);
    }

    private ServerJournal.Entry entry(int port, List<String> args) {
        return new ServerJournal.Entry(Instant.ofEpochMilli(1_700_000_000_000L), port, TransferMethods.MULTICAST, SERVADDR,
                GROUP, GROUP, Duration.ofSeconds(180), "a.ndz", image, args);
    }

    private List<ServerJournal.Entry> reopen() throws IOException {
        List<ServerJournal.Entry> out = new ArrayList<>();
        ServerJournal.open(tmp.resolve("state"), out, check).close();
        return out;
    }

    private void appendRaw(byte[] bytes) throws IOException {
        Files.createDirectories(tmp.resolve("state"));
        try (OutputStream o = Files.newOutputStream(tmp.resolve("state/servers.journal"), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            o.write(bytes);
        }
    }

    @Test
    void serversWithAndWithoutExtraArgumentsAreAllResumed() throws Exception {
        try (ServerJournal j = ServerJournal.open(tmp.resolve("state"), new ArrayList<>(), check)) {
            j.started(entry(1283, List.of()));
            j.started(entry(1284, List.of("-W", "100000000", "-K", "15")));
        }
        List<ServerJournal.Entry> back = reopen();
        assertEquals(2, back.size(), "two written, two resumed (split lost the empty last field)");
        assertEquals(List.of(), back.get(0).args());
        assertEquals(List.of("-W", "100000000", "-K", "15"), back.get(1).args());
    }

    @Test
    void uploadTemporariesNotEndedAreLeftOverAndSurviveCompaction() throws Exception {
        Path a = images.resolve("a.ndz.1f.tmp");
        Path b = images.resolve("b ndz.2e.tmp"); // a space: fields are URL-encoded
        try (ServerJournal j = ServerJournal.open(tmp.resolve("state"), new ArrayList<>(), check)) {
            j.uploadStarted(a);
            j.uploadStarted(b);
            j.uploadEnded(a);
        }
        try (ServerJournal j = ServerJournal.open(tmp.resolve("state"), new ArrayList<>(), check)) {
            assertEquals(List.of(b), j.leftovers().uploads());
        }
        try (ServerJournal j = ServerJournal.open(tmp.resolve("state"), new ArrayList<>(), check)) {
            assertEquals(List.of(b), j.leftovers().uploads(), "still listed after the rewrite at open");
            j.uploadEnded(b);
        }
        try (ServerJournal j = ServerJournal.open(tmp.resolve("state"), new ArrayList<>(), check)) {
            assertEquals(List.of(), j.leftovers().uploads());
        }
    }

    @Test
    void forgedBinaryHugeAndOutOfPlanLinesAreSkippedByLineNumber() throws Exception {
        try (ServerJournal j = ServerJournal.open(tmp.resolve("state"), new ArrayList<>(), check)) {
            j.started(entry(1283, List.of()));
        }
        appendRaw(new byte[] {0, 1, 2, (byte) 0xff, '\n'});                                  // line 2: binary
        appendRaw((new String(new char[9000]).replace('\0', 'x') + "\n").getBytes(StandardCharsets.US_ASCII)); // 3
        appendRaw(new byte[] {'s', 't', (byte) 0xc3, (byte) 0x28, '\n'});                     // 4: not UTF-8
        appendRaw(line(-1, image.toString()));                                                 // 5: port -1
        appendRaw(line(70000, image.toString()));                                              // 6
        appendRaw(line(1290, "/etc/passwd"));                                                  // 7: outside the roots
        appendRaw(line(1291, images + "/../../etc/passwd"));                                   // 8
        appendRaw(line(1025 + 0x8000, image.toString()));                                      // 9: past the plan
        appendRaw(line(1292, image.toString()));                                               // 10: good
        List<ServerJournal.Entry> back = reopen();
        assertEquals(List.of(1283, 1292), back.stream().map(ServerJournal.Entry::port).toList());
        List<String> messages = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        for (int bad = 2; bad <= 9; bad++) {
            String where = "servers.journal:" + bad + ":";
            assertTrue(messages.stream().anyMatch(m -> m.contains(where)), "line " + bad + " named in " + messages);
        }
        assertTrue(messages.stream().noneMatch(m -> m.chars().anyMatch(c -> c < 0x20)), "no control bytes logged");
    }

    @Test
    void aTwentyMebibyteLineDoesNotExhaustTheHeap() throws Exception {
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 'y');
        for (int i = 0; i < 20; i++) {
            appendRaw(chunk);
        }
        appendRaw(new byte[] {'\n'});
        appendRaw(line(1292, image.toString()));
        assertEquals(1, reopen().size());
    }

    private byte[] line(int port, String path) {
        String enc = java.net.URLEncoder.encode(path, StandardCharsets.UTF_8);
        return ("start 1700000000000 " + port + " 2 " + SERVADDR + " " + GROUP + " " + GROUP + " 180 a.ndz " + enc + " \n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
