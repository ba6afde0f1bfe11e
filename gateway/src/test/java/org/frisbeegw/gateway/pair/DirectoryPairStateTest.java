package org.frisbeegw.gateway.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DirectoryPairStateTest {
    private static final int SERVADDR = 0x0a000064;
    private static final int GROUP = 0xef430001;

    @TempDir
    Path tmp;

    private static ServerJournal.Entry entry(int port) {
        return new ServerJournal.Entry(Instant.ofEpochMilli(1_700_000_000_000L), port, TransferMethods.MULTICAST, SERVADDR,
                GROUP, GROUP, Duration.ofSeconds(1800), "img" + port, Path.of("/images/img" + port), List.of());
    }

    private static String start(int port) {
        return ServerJournal.startLines(List.of(entry(port))).get(0);
    }

    @Test
    void eachTakeIsANewEpochAndCarriesOverWhatStillRuns() throws IOException {
        Path dir = tmp.resolve("shared");
        try (DirectoryPairState a = new DirectoryPairState(dir); DirectoryPairState b = new DirectoryPairState(dir)) {
            assertEquals(PairState.EpochView.NONE, a.current());
            PairState.Takeover first = a.take("boss-a", ServerJournal.EntryCheck.ANY);
            assertEquals(1, first.epoch());
            assertTrue(first.leftovers().servers().isEmpty());
            a.append(1, start(1283));
            a.append(1, start(1284));
            a.append(1, "stop 1283 exit%200");
            PairState.Takeover second = b.take("boss-b", ServerJournal.EntryCheck.ANY);
            assertEquals(2, second.epoch());
            assertEquals(List.of(1284), second.leftovers().servers().stream().map(ServerJournal.Entry::port).toList());
            assertEquals(new PairState.EpochView(2, "boss-b", false), b.current());
        }
    }

    @Test
    void aFormerActiveCannotWriteOverTheNewOnesJournal() throws IOException {
        Path dir = tmp.resolve("shared");
        try (DirectoryPairState a = new DirectoryPairState(dir); DirectoryPairState b = new DirectoryPairState(dir)) {
            a.take("boss-a", ServerJournal.EntryCheck.ANY);
            b.take("boss-b", ServerJournal.EntryCheck.ANY);
            FencedException f = assertThrows(FencedException.class, () -> a.append(1, start(1300)));
            assertEquals(2, f.newest());
            b.append(2, start(1301));
            a.release(1); // too late: epoch 2 is not released by it
            assertFalse(b.current().released());
            List<String> journal2 = Files.readAllLines(dir.resolve("servers.journal.2"));
            assertEquals(List.of(start(1301)), journal2, "the fenced line went nowhere");
        }
    }

    @Test
    void releaseLetsTheOtherSeeItMayTakeOver() throws IOException {
        Path dir = tmp.resolve("shared");
        try (DirectoryPairState a = new DirectoryPairState(dir)) {
            a.take("boss-a", ServerJournal.EntryCheck.ANY);
            a.release(1);
            assertEquals(new PairState.EpochView(1, "boss-a", true), a.current());
            assertThrows(FencedException.class, () -> a.append(1, start(1283)), "a released epoch takes no lines");
        }
    }

    @Test
    void concurrentTakersNeverShareAnEpochAndAnOvertakenOneIsTold() throws Exception {
        Path dir = tmp.resolve("shared");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> takers = IntStream.range(0, 8).<Callable<Long>>mapToObj(i -> () -> {
                try (DirectoryPairState s = new DirectoryPairState(dir)) {
                    return s.take("t" + i, ServerJournal.EntryCheck.ANY).epoch();
                } catch (FencedException overtaken) {
                    return -overtaken.newest();
                }
            }).toList();
            List<Long> epochs = pool.invokeAll(takers).stream().map(DirectoryPairStateTest::get).toList();
            List<Long> taken = epochs.stream().filter(e -> e > 0).toList();
            assertEquals(taken.size(), taken.stream().distinct().count(), "no epoch twice: " + epochs);
            assertTrue(epochs.stream().allMatch(e -> e != 0 && Math.abs(e) <= 8), epochs.toString());
            try (DirectoryPairState s = new DirectoryPairState(dir)) {
                assertEquals(8, s.current().epoch());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long get(Future<Long> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hostileFilesAreIgnoredOrSkippedByLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(dir.resolve("epoch-7"), "boss-a\u001b[31m\nsecond line\n");
        Files.writeString(dir.resolve("epoch-99999999999999999999"), "too many digits: not ours\n");
        Files.writeString(dir.resolve("epoch-x"), "not a number\n");
        Files.writeString(dir.resolve("epoch-3"), "long ago\n");
        Files.writeString(dir.resolve("servers.journal.3"), start(1999) + "\n");
        Files.write(dir.resolve("servers.journal.7"), List.of(start(1283), "start garbage", "x".repeat(9000),
                "stop notaport", start(1290)), StandardCharsets.UTF_8);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(ServerJournal.class)).addAppender(logged);
        try (DirectoryPairState s = new DirectoryPairState(dir)) {
            assertEquals("boss-a?[31m", s.current().holder(), "control characters of a marker never reach a log");
            PairState.Takeover t = s.take("boss-b", ServerJournal.EntryCheck.ANY);
            assertEquals(8, t.epoch());
            Files.delete(dir.resolve("epoch-8"));
            new ProcessBuilder("mkfifo", dir.resolve("epoch-8").toString()).start().waitFor();
            assertEquals("?", s.current().holder(), "a FIFO planted as a marker is not opened");
            assertEquals(List.of(1283, 1290), t.leftovers().servers().stream().map(ServerJournal.Entry::port).toList());
        } finally {
            ((Logger) LoggerFactory.getLogger(ServerJournal.class)).detachAppender(logged);
        }
        List<String> warnings = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("servers.journal.7:2")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("servers.journal.7:3")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("servers.journal.7:4")), warnings.toString());
        assertFalse(Files.exists(dir.resolve("epoch-3")) || Files.exists(dir.resolve("servers.journal.3")),
                "epochs before the previous one are pruned");
        assertTrue(Files.exists(dir.resolve("servers.journal.7")), "the previous epoch's journal is kept");
    }
}
