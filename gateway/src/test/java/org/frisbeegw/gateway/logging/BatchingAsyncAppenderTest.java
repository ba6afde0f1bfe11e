package org.frisbeegw.gateway.logging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchingAsyncAppenderTest {
    /** Collects messages; may be held shut to stand for a slow disk. */
    private static final class Collecting extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        protected void append(ILoggingEvent e) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            lines.add(e.getFormattedMessage());
            threads.add(e.getThreadName());
        }
    }

    private static Logger logger(LoggerContext ctx, BatchingAsyncAppender async) {
        Logger log = ctx.getLogger("test");
        log.setAdditive(false);
        log.setLevel(Level.INFO);
        log.addAppender(async);
        return log;
    }

    private static PatternLayoutEncoder messageOnly(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%msg%n");
        encoder.start();
        return encoder;
    }

    private static BatchingAsyncAppender start(LoggerContext ctx, Appender<ILoggingEvent> sink, int queueSize,
                                               long flushMillis) {
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives the real context
        sink.setContext(ctx);
        sink.start();
        BatchingAsyncAppender async = new BatchingAsyncAppender();
        async.setContext(ctx);
        async.setName("test");
        async.setQueueSize(queueSize);
        async.setFlushMillis(flushMillis);
        async.addAppender(sink);
        async.start();
        return async;
    }

    @Test
    void linesArriveInOrderWithinTheFlushIntervalAndKeepTheLoggingThreadsName() {
        LoggerContext ctx = new LoggerContext();
        Collecting sink = new Collecting();
        BatchingAsyncAppender async = start(ctx, sink, 64, 20);
        Logger log = logger(ctx, async);
        for (int i = 0; i < 10; i++) {
            log.info("line {}", i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines.size() == 10);
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "line " + i).toList(), sink.lines);
        assertEquals(Thread.currentThread().getName(), sink.threads.get(0), "the name of the thread that logged");
        async.stop();
    }

    @Test
    void aFullQueueMakesTheLoggerWaitAndNothingIsDropped() throws Exception {
        LoggerContext ctx = new LoggerContext();
        Collecting sink = new Collecting();
        sink.gate = new CountDownLatch(1);
        BatchingAsyncAppender async = start(ctx, sink, 4, 1);
        Logger log = logger(ctx, async);
        Thread producer = new Thread(() -> IntStream.range(0, 100).forEach(i -> log.info("n{}", i)));
        producer.start();
        // The writer is stuck on the first line; the queue of 4 fills and the producer must wait.
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.getState() == Thread.State.WAITING
                || producer.getState() == Thread.State.TIMED_WAITING);
        assertTrue(producer.isAlive(), "the producer waits for room");
        sink.gate.countDown();
        producer.join(10_000);
        async.stop();
        assertEquals(100, sink.lines.size());
        assertEquals(IntStream.range(0, 100).mapToObj(i -> "n" + i).toList(), sink.lines);
    }

    @Test
    void stopWritesWhatIsQueuedThenStopsTheAttachedAppenders() {
        LoggerContext ctx = new LoggerContext();
        Collecting sink = new Collecting();
        BatchingAsyncAppender async = start(ctx, sink, 1000, 60_000); // would not flush on its own for a minute
        Logger log = logger(ctx, async);
        IntStream.range(0, 500).forEach(i -> log.info("q{}", i));
        async.stop();
        assertEquals(500, sink.lines.size());
        assertFalse(sink.isStarted(), "the console appender behind it is stopped too");
        assertFalse(async.isStarted());
    }

    /** A buffered appender gets its batch in one write, at the end of the batch, not one write per line. */
    @Test
    void aBufferedAppenderIsFlushedOncePerBatch() {
        LoggerContext ctx = new LoggerContext();
        List<Integer> writes = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream disk = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.add(len);
                written.write(b, off, len);
            }
        };
        OutputStreamAppender<ILoggingEvent> buffered = new OutputStreamAppender<>();
        buffered.setEncoder(messageOnly(ctx));
        buffered.setImmediateFlush(false);
        buffered.setOutputStream(new BufferedOutputStream(disk, 64 * 1024));
        BatchingAsyncAppender async = start(ctx, buffered, 1000, 200);
        Logger log = logger(ctx, async);
        IntStream.range(0, 100).forEach(i -> log.info("b{}", i));
        // Nothing but the batch's flush writes the buffer out (100 short lines fill no 64 KiB).
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() > 0);
        String expected = IntStream.range(0, 100).mapToObj(i -> "b" + i + "\n").collect(Collectors.joining());
        assertEquals(expected, written.toString(StandardCharsets.US_ASCII));
        assertTrue(writes.size() <= 2, "100 lines in " + writes.size() + " writes");
        async.stop();
    }

    /** Stopping the stderr appender must not close the process's standard error. */
    @Test
    void theStderrAppenderLeavesStandardErrorOpen() {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter());
        StderrAppender<ILoggingEvent> stderr = new StderrAppender<>();
        stderr.setContext(ctx);
        stderr.setEncoder(messageOnly(ctx));
        stderr.start();
        assertFalse(stderr.isImmediateFlush(), "it is flushed per batch, not per line");
        stderr.doAppend(new LoggingEvent("test", ctx.getLogger("test"), Level.INFO, "StderrAppender test line", null,
                null));
        stderr.stop();
        assertTrue(FileDescriptor.err.valid(), "fd 2 is still open");
    }
}
