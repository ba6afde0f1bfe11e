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
    static final int MAX_LINE = 8192;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerJournal.class);

    private final Path file;
    private final FileChannel channel;

    private ServerJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
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
        Path tmp = stateDir.resolve("servers.journal.tmp");
        Files.write(tmp, unfinished.stream().map(ServerJournal::startLine).toList(), StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        unfinishedOut.addAll(unfinished);
        return new ServerJournal(file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    public static ServerJournal open(Path stateDir, List<Entry> unfinishedOut) throws IOException {
        return open(stateDir, unfinishedOut, EntryCheck.ANY);
    }

    public Path file() {
        return file;
    }

    public synchronized void started(Entry e) throws IOException {
        append(startLine(e));
    }

    public synchronized void stopped(int port, String reason) throws IOException {
        append("stop " + port + " " + enc(reason));
    }

    private void append(String line) throws IOException {
        channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
    }

    private static String startLine(Entry e) {
        return String.join(" ", "start", Long.toString(e.startedAt().toEpochMilli()), Integer.toString(e.port()),
                Integer.toString(e.method()), Integer.toString(e.servAddr()), Integer.toString(e.addr()),
                Integer.toString(e.destination()), Long.toString(e.timeout().toSeconds()), enc(e.imageId()),
                enc(e.image().toString()), enc(String.join(" ", e.args())));
    }

    private static List<Entry> unfinished(Path file, EntryCheck check) throws IOException {
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
        Map<Integer, Entry> open = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            replay(lines.get(i), "line " + (i + 1), open, EntryCheck.ANY);
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
        channel.close();
    }
}
