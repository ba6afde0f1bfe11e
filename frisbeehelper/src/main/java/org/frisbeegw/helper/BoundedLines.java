package org.frisbeegw.helper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a text file from disk (journal, reload info, authority file) as hostile input: lines of at most {@code maxLine} bytes (a longer
 * one is skipped without being held in memory), strict UTF-8, no NUL or other control bytes but
 * tab. Each line comes with its number and, when unusable, why.
 */
public final class BoundedLines implements AutoCloseable {
    /** One line: its number, its text (null when unusable) and why it is unusable (null when fine). */
    public record Line(int number, String text, String problem) {
    }

    private final InputStream in;
    private final int maxLine;
    private int number;

    public BoundedLines(InputStream in, int maxLine) {
        this.in = new BufferedInputStream(in);
        this.maxLine = maxLine;
    }

    /** Receives one entry of a configuration file: where it is ({@code name:line}) and its text. */
    @FunctionalInterface
    public interface EntryHandler {
        void entry(String where, String content) throws IOException;
    }

    /**
     * Walks a configuration file's entries: each line with its {@code #} comment removed and
     * trimmed, blank ones left out; an unusable line (too long, not UTF-8, control bytes) is
     * logged as {@code name:line: why} and skipped.
     */
    public void forEachEntry(String name, org.slf4j.Logger log, EntryHandler handler) throws IOException {
        for (Line line; (line = next()) != null; ) {
            String where = name + ":" + line.number();
            if (line.problem() != null) {
                log.warn("{}: {}; line skipped", where, line.problem());
                continue;
            }
            String content = line.text().replaceFirst("#.*", "").trim();
            if (!content.isEmpty()) {
                handler.entry(where, content);
            }
        }
    }

    /** The next line, or null at the end of the file. */
    public Line next() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long length = 0;
        boolean control = false;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            length++;
            if (length <= maxLine) {
                buf.write(b);
            }
            control |= b < 0x20 && b != '\t' && b != '\r';
        }
        if (b < 0 && length == 0) {
            return null;
        }
        number++;
        if (length > maxLine) {
            return new Line(number, null, "line of " + length + " bytes is longer than " + maxLine);
        }
        if (control) {
            return new Line(number, null, "control characters in the line");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf.toByteArray())).toString();
            return new Line(number, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "not UTF-8");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
