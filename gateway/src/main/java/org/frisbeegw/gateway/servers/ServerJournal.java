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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.frisbeegw.helper.BoundedLines;

/**
 * An append-only record of the image servers this gateway runs, so a restart can bring them back
 * on the same address and port and clients mid-download finish (the C daemon's admitted
 * weakness, master-server.md §9.1 item 1). Each line is fsynced before the client's reply goes
 * out. Lines: {@code start <millis> <port> <method> <servaddr> <addr> <destination> <timeout-s>
 * <image-id> <path> <args>} and {@code stop <port> <reason>}; an upload's temporary file is
 * recorded by {@code upload <path>} and {@code upload-end <path>}, so one a crash abandoned is
 * removed at the next start (or takeover); fields are URL-encoded.
 */
public final class ServerJournal implements AutoCloseable {

    /** Longest journal line we read; longer ones are skipped unread (a start line is well under 2 KiB). */
    public static final int MAX_LINE = 8192;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerJournal.class);

    private final Store store;
    private final Leftovers leftovers;

    private ServerJournal(Store store, Leftovers leftovers) {
        this.store = store;
        this.leftovers = leftovers;
    }

    /** What the journal said was still going when it was read: servers to resume, upload temporaries to remove. */
    public record Leftovers(List<Entry> servers, List<Path> uploads) {
        public static final Leftovers NONE = new Leftovers(List.of(), List.of());

        public Leftovers {
            servers = List.copyOf(servers);
            uploads = List.copyOf(uploads);
        }
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

    /** A journal writing to {@code store}, whose past lines the caller has read into {@code leftovers}. */
    public static ServerJournal over(Store store, Leftovers leftovers) {
        return new ServerJournal(store, leftovers);
    }

    public Leftovers leftovers() {
        return leftovers;
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
        Leftovers left = Files.exists(file) ? leftovers(file, check) : Leftovers.NONE;
        rewrite(file, left);
        unfinishedOut.addAll(left.servers());
        return new ServerJournal(appendingTo(file), left);
    }

    /** Replaces {@code file} atomically with the lines that bring {@code left} back (fsynced first). */
    public static void rewrite(Path file, Leftovers left) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines(left), StandardCharsets.UTF_8);
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

    /** The start lines that bring {@code entries} back on replay. */
    public static List<String> startLines(List<Entry> entries) {
        return entries.stream().map(ServerJournal::startLine).toList();
    }

    /** What a compacted journal holds: a start line per server, an upload line per temporary. */
    public static List<String> lines(Leftovers left) {
        List<String> lines = new ArrayList<>(startLines(left.servers()));
        left.uploads().forEach(p -> lines.add("upload " + enc(p.toString())));
        return lines;
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

    /** An upload's temporary file exists from now on. */
    public synchronized void uploadStarted(Path temporary) throws IOException {
        append("upload " + enc(temporary.toString()));
    }

    /** The temporary file was installed or removed. */
    public synchronized void uploadEnded(Path temporary) throws IOException {
        append("upload-end " + enc(temporary.toString()));
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
        return leftovers(file, check).servers();
    }

    /** As {@link #unfinished(Path, EntryCheck)}, with the upload temporaries nobody finished. */
    public static Leftovers leftovers(Path file, EntryCheck check) throws IOException {
        Replay r = new Replay(check);
        try (var lines = new BoundedLines(Files.newInputStream(file), MAX_LINE)) {
            for (BoundedLines.Line line; (line = lines.next()) != null; ) {
                String where = file + ":" + line.number();
                if (line.problem() != null) {
                    log.warn("{}: {}; line skipped", where, line.problem());
                    continue;
                }
                r.line(line.text(), where);
            }
        }
        return r.result();
    }

    /** Replays the lines: a start not followed by a stop of the same port is still running. */
    static List<Entry> unfinished(List<String> lines) {
        return leftovers(lines, "line ", EntryCheck.ANY).servers();
    }

    /**
     * As {@link #leftovers(Path, EntryCheck)} for lines from elsewhere (a database); bad ones
     * are logged as {@code source} and the line number. Lines longer than MAX_LINE are skipped.
     */
    public static Leftovers leftovers(List<String> lines, String source, EntryCheck check) {
        Replay r = new Replay(check);
        for (int i = 0; i < lines.size(); i++) {
            String where = source + (i + 1);
            if (lines.get(i).length() > MAX_LINE) {
                log.warn("{}: longer than {} characters; line skipped", where, MAX_LINE);
                continue;
            }
            r.line(lines.get(i), where);
        }
        return r.result();
    }

    /** The state the lines build up, one line at a time. */
    private static final class Replay {
        private final EntryCheck check;
        private final Map<Integer, Entry> servers = new LinkedHashMap<>();
        private final Set<Path> uploads = new LinkedHashSet<>();

        Replay(EntryCheck check) {
            this.check = check;
        }

        void line(String line, String where) {
            // -1: keep the empty last field (a server started with no extra arguments).
            String[] f = line.split(" ", -1);
            try {
                if (f[0].equals("start") && f.length == 11) {
                    start(parseStart(f), where);
                } else if (f[0].equals("stop") && f.length >= 2) {
                    servers.remove(Integer.parseInt(f[1]));
                } else if (f[0].equals("upload") && f.length == 2) {
                    uploads.add(Path.of(dec(f[1])));
                } else if (f[0].equals("upload-end") && f.length == 2) {
                    uploads.remove(Path.of(dec(f[1])));
                } else if (!line.isEmpty()) {
                    log.warn("{}: not a journal line; skipped", where);
                }
            } catch (RuntimeException torn) {
                // e.g. a line torn by a crash mid-write: the fsynced lines before it are what counts
                log.warn("{}: malformed ({}); skipped", where, sanitize(torn.toString()));
            }
        }

        private void start(Entry e, String where) {
            String problem = e.port() < 1 || e.port() > 65535 ? "port " + e.port() + " out of range" : check.problem(e);
            if (problem != null) {
                log.warn("{}: {}; not resumed", where, sanitize(problem));
                return;
            }
            servers.put(e.port(), e);
        }

        Leftovers result() {
            return new Leftovers(new ArrayList<>(servers.values()), new ArrayList<>(uploads));
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
