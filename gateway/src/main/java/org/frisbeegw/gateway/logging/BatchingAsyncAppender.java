package org.frisbeegw.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands log events to one writer thread, like logback's AsyncAppender, but the writer wakes
 * every {@code flushMillis} (sooner when the queue is half full) and writes what has gathered,
 * instead of being woken for every line. The master server logs a line per request; with
 * AsyncAppender each line cost a thread wake-up, about a fifth of a status request's CPU.
 * A line therefore waits at most {@code flushMillis} (default 50) before it is written. No
 * event is ever dropped: when the queue is full the logging thread waits for room. Stopping
 * writes everything queued before the attached appenders stop.
 *
 * <p>An attached appender that does not flush each line ({@code immediateFlush} false, as
 * {@link StderrAppender}) is flushed once at the end of each batch: one write for the batch
 * instead of one per line. This thread is then its only writer.
 */
public final class BatchingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {
    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private int queueSize = 8192;
    private long flushMillis = 50;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean stopping;

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void start() {
        if (queueSize < 2 || flushMillis < 1) {
            addError("queueSize must be at least 2 and flushMillis at least 1");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeLoop, "log-writer-" + getName());
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Message, thread name and MDC are fixed now: the writer runs later, on another thread.
        event.prepareForDeferredProcessing();
        if (queue.size() >= queueSize / 2) {
            LockSupport.unpark(writer);
        }
        try {
            if (!queue.offer(event)) {
                LockSupport.unpark(writer);
                queue.put(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>();
        while (!stopping) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
            writeQueued(batch);
        }
        writeQueued(batch);
    }

    private void writeQueued(List<ILoggingEvent> batch) {
        boolean any = false;
        while (queue.drainTo(batch) > 0) {
            for (ILoggingEvent e : batch) {
                appenders.appendLoopOnAppenders(e);
            }
            batch.clear();
            any = true;
        }
        if (any) {
            flushBuffered();
        }
    }

    private void flushBuffered() {
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && !out.isImmediateFlush()
                    && out.getOutputStream() != null) {
                try {
                    out.getOutputStream().flush();
                } catch (IOException e) {
                    addError("cannot flush appender " + out.getName(), e);
                }
            }
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("log writer did not finish within 5 s; " + queue.size() + " events not written");
        }
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
