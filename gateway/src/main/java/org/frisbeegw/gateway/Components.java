package org.frisbeegw.gateway;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's parts, started in order and undone in reverse (Jetty's ContainerLifeCycle idea,
 * sized for us). A part that fails to start is named in the error, and everything started
 * before it is undone, through its abort action: a failed start must not change what the next
 * start finds (the server journal above all). {@link #close()} stops every part in reverse and
 * goes on past failures.
 */
final class Components implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Components.class);

    /** A step that builds and starts one part. */
    interface Step<T> {
        T start() throws IOException;
    }

    /** A step for a part that a setting may leave off. */
    interface OptionalStep<S, T> {
        T start(S settings) throws IOException;
    }

    private record Part(String name, AutoCloseable stop, AutoCloseable abort) {
    }

    private final Deque<Part> started = new ArrayDeque<>();

    /** Starts a part that stops and aborts by closing it. */
    <T extends AutoCloseable> T start(String name, Step<T> step) throws IOException {
        return start(name, step, part -> part);
    }

    /** Starts a part whose undoing after a failed start differs from a clean stop ({@code abort}). */
    <T extends AutoCloseable> T start(String name, Step<T> step, AbortAction<T> abort) throws IOException {
        T part = attempt(name, step);
        started.push(new Part(name, part, abort.of(part)));
        return part;
    }

    /** {@link #start(String, Step)} for a part that is on only when {@code settings} is present. */
    <S, T extends AutoCloseable> Optional<T> startIf(Optional<S> settings, String name, OptionalStep<S, T> step)
            throws IOException {
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(start(name, () -> step.start(settings.get())));
    }

    /** Starts a part that the step itself may leave off (an empty result). */
    <T extends AutoCloseable> Optional<T> startMaybe(String name, Step<Optional<T>> step) throws IOException {
        Optional<T> part = attempt(name, step);
        part.ifPresent(p -> started.push(new Part(name, p, p)));
        return part;
    }

    /** Runs {@code step}; if it fails, undoes everything started so far and names the part in the error. */
    private <T> T attempt(String name, Step<T> step) throws IOException {
        try {
            return step.start();
        } catch (IOException | RuntimeException e) {
            IOException failure = new IOException(name + ": " + e.getMessage(), e);
            unwind(failure);
            throw failure;
        }
    }

    /** How to undo a part when a later one fails to start. */
    interface AbortAction<T> {
        AutoCloseable of(T part);
    }

    /** Stops every part, the last started first; a part that fails to stop is logged and the rest still stop. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            Part p = started.pop();
            try {
                p.stop().close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", p.name(), e.toString());
            }
        }
    }

    private void unwind(IOException cause) {
        while (!started.isEmpty()) {
            Part p = started.pop();
            try {
                p.abort().close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }
}
