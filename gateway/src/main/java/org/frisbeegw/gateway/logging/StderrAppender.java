package org.frisbeegw.gateway.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Log lines to standard error through a buffer, written out when {@link BatchingAsyncAppender}
 * ends a batch (or the buffer fills). logback's ConsoleAppender writes through
 * {@code System.err}, which flushes every line: a system call per request line, about half of
 * what a request line cost. Attach it only to a {@link BatchingAsyncAppender}, which flushes it;
 * on its own it would hold lines back until 64 KiB gathered.
 *
 * @param <E> the event type
 */
public final class StderrAppender<E> extends OutputStreamAppender<E> {
    private static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public void start() {
        setImmediateFlush(false);
        setOutputStream(new BufferedOutputStream(new KeepOpen(new FileOutputStream(FileDescriptor.err)), BUFFER_BYTES));
        super.start();
    }

    /** Standard error stays open when the appender stops: the JVM and other code still write to it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        /** Whole, not byte by byte as FilterOutputStream would. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
