package org.frisbeegw.helper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file read again when it changes (its size or modification time), so an
 * operator's edit takes effect without a restart. The new contents are parsed completely and
 * then replace the old in one step, so a reader sees the old or the new file, never a mixture;
 * when the file cannot be read, the last good contents stay in use (and the failure is logged).
 *
 * @param <T> what the file is parsed into
 */
public final class ReloadableFile<T> {
    /** Lines longer than this are skipped unread: no configuration line is anywhere near it. */
    public static final int MAX_LINE = 8192;
    private static final Logger log = LoggerFactory.getLogger(ReloadableFile.class);

    private final Path file;
    private final Parser<T> parser;
    private Stamp loaded;
    private T current;

    /** Reads the file now; failing here (no file at all) is the caller's start-up error. */
    public ReloadableFile(Path file, Parser<T> parser) throws IOException {
        this.file = file;
        this.parser = parser;
        this.loaded = stamp();
        this.current = read();
    }

    /** Parses an opened file; {@code name} is for messages ({@code name:line: problem}). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(BoundedLines lines, String name) throws IOException;
    }

    private record Stamp(long modifiedMillis, long size) {
    }

    /** The contents, read again first if the file changed since. */
    public synchronized T current() {
        try {
            Stamp now = stamp();
            if (!now.equals(loaded)) {
                T fresh = read();
                current = fresh;
                loaded = now;
                log.info("{} changed: read again", file);
            }
        } catch (IOException e) {
            log.warn("{} could not be read again ({}); the last contents stay in use", file, e.getMessage());
        }
        return current;
    }

    private Stamp stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.lastModifiedTime().toMillis(), a.size());
    }

    private T read() throws IOException {
        try (InputStream in = Files.newInputStream(file); BoundedLines lines = new BoundedLines(in, MAX_LINE)) {
            return parser.parse(lines, file.toString());
        }
    }
}
