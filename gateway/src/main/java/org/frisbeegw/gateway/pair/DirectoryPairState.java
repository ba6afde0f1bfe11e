package org.frisbeegw.gateway.pair;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pair's shared state in a directory both gateways mount (the null config's {@code --state-dir}
 * on NFS, say). Files: {@code epoch-N} (created exclusively, so two gateways can never take the
 * same number; holds the taker's name), {@code released-N} (its holder stepped down) and
 * {@code servers.journal.N} (epoch N's journal). Other names are ignored. Epochs older than the
 * previous one are deleted when a new one is taken.
 */
public final class DirectoryPairState implements PairState {
    private static final Logger log = LoggerFactory.getLogger(DirectoryPairState.class);
    /** 18 digits: the next number cannot overflow a long, whatever a hostile file name says. */
    private static final Pattern NUMBERED = Pattern.compile("(epoch-|released-|servers\\.journal\\.)(\\d{1,18})");
    private static final int MAX_HOLDER = 200;

    private final Path dir;
    /** The journal of the epoch this gateway holds, if any. */
    private Optional<Held> held = Optional.empty();

    private record Held(long epoch, ServerJournal.Store store) {
    }

    public DirectoryPairState(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized Takeover take(String holder, ServerJournal.EntryCheck check) throws IOException {
        Files.createDirectories(dir);
        long epoch = newest("epoch-").orElse(0) + 1;
        while (!createMarker(epoch, holder)) {
            epoch++;
        }
        long newest = newest("epoch-").orElse(epoch);
        if (newest > epoch) {
            // A taker that saw the directory later got further (and may have pruned our number's past).
            throw new FencedException(epoch, newest);
        }
        OptionalLong previous = newestBelow("servers.journal.", epoch);
        ServerJournal.Leftovers left;
        closeHeld();
        try {
            left = previous.isPresent() ? ServerJournal.leftovers(journal(previous.getAsLong()), check)
                    : ServerJournal.Leftovers.NONE;
            ServerJournal.rewrite(journal(epoch), left);
            held = Optional.of(new Held(epoch, ServerJournal.appendingTo(journal(epoch))));
        } catch (NoSuchFileException pruned) {
            // Only a newer taker deletes journals: this takeover is overtaken already.
            throw new FencedException(epoch, newest("epoch-").orElse(epoch));
        }
        deleteBelow(epoch - 1);
        log.info("took epoch {} in {} ({} servers to resume from epoch {})", epoch, dir, left.servers().size(),
                previous.isPresent() ? previous.getAsLong() : "none");
        return new Takeover(epoch, left);
    }

    /** Creates epoch-N exclusively, fsynced; false when another gateway has it already. */
    private boolean createMarker(long epoch, String holder) throws IOException {
        try (FileChannel c = FileChannel.open(dir.resolve("epoch-" + epoch), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        } catch (FileAlreadyExistsException taken) {
            return false;
        }
        syncDirectory();
        return true;
    }

    @Override
    public synchronized EpochView current() throws IOException {
        OptionalLong epoch = newest("epoch-");
        if (epoch.isEmpty()) {
            return EpochView.NONE;
        }
        long n = epoch.getAsLong();
        return new EpochView(n, holder(n), Files.exists(dir.resolve("released-" + n)));
    }

    @Override
    public synchronized void release(long epoch) throws IOException {
        closeHeld();
        if (newest("epoch-").orElse(0) == epoch) {
            try {
                Files.createFile(dir.resolve("released-" + epoch));
                syncDirectory();
            } catch (FileAlreadyExistsException already) {
                // released before: nothing to do
            }
        }
    }

    @Override
    public synchronized void append(long epoch, String line) throws IOException {
        long newest = newest("epoch-").orElse(0);
        if (newest != epoch || held.isEmpty() || held.get().epoch() != epoch) {
            throw new FencedException(epoch, newest);
        }
        held.get().store().append(line);
    }

    @Override
    public String describe() {
        return "directory " + dir;
    }

    @Override
    public synchronized void close() throws IOException {
        closeHeld();
    }

    private void closeHeld() throws IOException {
        if (held.isPresent()) {
            held.get().store().close();
            held = Optional.empty();
        }
    }

    private Path journal(long epoch) {
        return dir.resolve("servers.journal." + epoch);
    }

    /** Who took {@code epoch}, as its marker says (first line, bounded, control characters replaced). */
    private String holder(long epoch) throws IOException {
        Path marker = dir.resolve("epoch-" + epoch);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return "?"; // a FIFO or a link planted here must not block or redirect the watcher
        }
        try (InputStream in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS)) {
            String text = new String(in.readNBytes(MAX_HOLDER), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl >= 0 ? text.substring(0, nl) : text).replaceAll("\\p{Cntrl}", "?");
        } catch (NoSuchFileException gone) {
            return "";
        }
    }

    private OptionalLong newest(String kind) throws IOException {
        return numbers(kind).max();
    }

    private OptionalLong newestBelow(String kind, long limit) throws IOException {
        return numbers(kind).filter(n -> n < limit).max();
    }

    /** The numbers of {@code kind} files present (names that do not match are not ours and are ignored). */
    private LongStream numbers(String kind) throws IOException {
        if (!Files.isDirectory(dir)) {
            return LongStream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return LongStream.of(files.map(p -> NUMBERED.matcher(p.getFileName().toString()))
                    .filter(m -> m.matches() && m.group(1).equals(kind))
                    .mapToLong(m -> Long.parseLong(m.group(2))).toArray());
        }
    }

    /** Deletes the state of epochs before {@code keep}: nobody reads them again. */
    private void deleteBelow(long keep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Matcher m = NUMBERED.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(2)) < keep) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Makes a created or renamed name durable (a crash must not forget an epoch taken). */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync {}: {}", dir, e.toString());
        }
    }
}
