package org.frisbeegw.gateway.servers;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.frisbeegw.helper.BoundedLines;

/**
 * An append-only record of the image servers this gateway runs, so a restart can bring them back
 * on the same address and port and clients mid-download finish (the C daemon's admitted
 * weakness, master-server.md §9.1 item 1). Each line is fsynced before the client's reply goes
 * out. Lines: {@code start <millis> <port> <method> <servaddr> <addr> <destination> <timeout-s>
 * <image-id> <path> <args>} and {@code stop <port> <reason>}; fields are URL-encoded.
 */
public final class ServerJournal implements AutoCloseable {

    /** Longest journal line we read; longer ones are skipped unread (a start line is well under 2 KiB). */
    public static final int MAX_LINE = 8192;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerJournal.class);

    private final Store store;

    private ServerJournal(Store store) {
        this.store = store;
    }

    /**
     * Where the lines go: this gateway's own file, or a gateway pair's shared state, which may
     * refuse a line because another gateway has taken over since ({@code FencedException}).
     */
    public interface Store extends AutoCloseable {
        /** Appends one line durably before it returns. */
        void append(String line) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** A journal writing to {@code store}, whose past lines the caller has already read. */
    public static ServerJournal over(Store store) {
        return new ServerJournal(store);
    }

    /** A server that was started and not recorded as stopped. */
    public record Entry(Instant startedAt, int port, int method, int servAddr, int addr, int destination,
                        Duration timeout, String imageId, Path image, List<String> args) {
    }

    /** Says what is wrong with an entry read back from disk, or null when it may be resumed. */
    @FunctionalInterface
    public interface EntryCheck {
        EntryCheck ANY = e -> null;

        String problem(Entry e);
    }

    /**
     * Opens the journal in {@code stateDir}, returning what was left running and passes
     * {@code check}, and rewrites it to hold just those (so it does not grow without bound across
     * restarts). The file is input like any other: a line that is too long, not UTF-8, malformed
     * or refused by {@code check} is logged with the file and line number and skipped.
     */
    public static ServerJournal open(Path stateDir, List<Entry> unfinishedOut, EntryCheck check) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("servers.journal");
        List<Entry> unfinished = Files.exists(file) ? unfinished(file, check) : List.of();
        rewrite(file, unfinished);
        unfinishedOut.addAll(unfinished);
        return new ServerJournal(appendingTo(file));
    }

    /** Replaces {@code file} atomically with start lines for {@code entries} (fsynced first). */
    public static void rewrite(Path file, List<Entry> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, startLines(entries), StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A store appending fsynced lines to {@code file}. */
    public static Store appendingTo(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new Store() {
            @Override
            public void append(String line) throws IOException {
                channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** The start lines that bring {@code entries} back on replay (what a compacted journal holds). */
    public static List<String> startLines(List<Entry> entries) {
        return entries.stream().map(ServerJournal::startLine).toList();
    }

    public static ServerJournal open(Path stateDir, List<Entry> unfinishedOut) throws IOException {
        return open(stateDir, unfinishedOut, EntryCheck.ANY);
    }

    public synchronized void started(Entry e) throws IOException {
        append(startLine(e));
    }

    public synchronized void stopped(int port, String reason) throws IOException {
        append("stop " + port + " " + enc(reason));
    }

    private void append(String line) throws IOException {
        store.append(line);
    }

    private static String startLine(Entry e) {
        return String.join(" ", "start", Long.toString(e.startedAt().toEpochMilli()), Integer.toString(e.port()),
                Integer.toString(e.method()), Integer.toString(e.servAddr()), Integer.toString(e.addr()),
                Integer.toString(e.destination()), Long.toString(e.timeout().toSeconds()), enc(e.imageId()),
                enc(e.image().toString()), enc(String.join(" ", e.args())));
    }

    /**
     * What {@code file} says was left running and passes {@code check}; bad lines are logged
     * with the file and line number and skipped.
     */
    public static List<Entry> unfinished(Path file, EntryCheck check) throws IOException {
        Map<Integer, Entry> open = new LinkedHashMap<>();
        try (var lines = new BoundedLines(Files.newInputStream(file), MAX_LINE)) {
            for (BoundedLines.Line line; (line = lines.next()) != null; ) {
                String where = file + ":" + line.number();
                if (line.problem() != null) {
                    log.warn("{}: {}; line skipped", where, line.problem());
                    continue;
                }
                replay(line.text(), where, open, check);
            }
        }
        return new ArrayList<>(open.values());
    }

    /** Replays the lines: a start not followed by a stop of the same port is still running. */
    static List<Entry> unfinished(List<String> lines) {
        return unfinished(lines, "line ", EntryCheck.ANY);
    }

    /**
     * As {@link #unfinished(Path, EntryCheck)} for lines from elsewhere (a database); bad ones
     * are logged as {@code source} and the line number. Lines longer than MAX_LINE are skipped.
     */
    public static List<Entry> unfinished(List<String> lines, String source, EntryCheck check) {
        Map<Integer, Entry> open = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = source + (i + 1);
            if (lines.get(i).length() > MAX_LINE) {
                log.warn("{}: longer than {} characters; line skipped", where, MAX_LINE);
                continue;
            }
            replay(lines.get(i), where, open, check);
        }
        return new ArrayList<>(open.values());
    }

    private static void replay(String line, String where, Map<Integer, Entry> open, EntryCheck check) {
        // -1: keep the empty last field (a server started with no extra arguments).
        String[] f = line.split(" ", -1);
        try {
            if (f[0].equals("start") && f.length == 11) {
                Entry e = parseStart(f);
                String problem = e.port() < 1 || e.port() > 65535 ? "port " + e.port() + " out of range"
                        : check.problem(e);
                if (problem != null) {
                    log.warn("{}: {}; not resumed", where, sanitize(problem));
                    return;
                }
                open.put(e.port(), e);
            } else if (f[0].equals("stop") && f.length >= 2) {
                open.remove(Integer.parseInt(f[1]));
            } else if (!line.isEmpty()) {
                log.warn("{}: not a journal line; skipped", where);
            }
        } catch (RuntimeException torn) {
            // e.g. a line torn by a crash mid-write: the fsynced lines before it are what counts
            log.warn("{}: malformed ({}); skipped", where, sanitize(torn.toString()));
        }
    }

    private static Entry parseStart(String[] f) {
        String args = dec(f[10]);
        return new Entry(Instant.ofEpochMilli(Long.parseLong(f[1])), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]),
                Duration.ofSeconds(Long.parseLong(f[7])), dec(f[8]), Path.of(dec(f[9])),
                args.isEmpty() ? List.of() : Arrays.asList(args.split(" ")));
    }

    /** Journal text may be hostile: no control characters into our log. */
    private static String sanitize(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
