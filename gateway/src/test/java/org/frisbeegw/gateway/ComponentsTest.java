package org.frisbeegw.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentsTest {
    private final List<String> events = new ArrayList<>();

    private AutoCloseable part(String name) {
        events.add("start " + name);
        return () -> events.add("stop " + name);
    }

    @Test
    void partsStopInReverseOrderOfStarting() throws Exception {
        Components parts = new Components();
        parts.start("a", () -> part("a"));
        parts.start("b", () -> part("b"));
        parts.startIf(Optional.of(1), "c", x -> part("c"));
        parts.startIf(Optional.empty(), "d", x -> part("d"));
        parts.close();
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), events);
    }

    @Test
    void aFailedStartIsNamedAndUndoesWhatStartedThroughTheAbortActions() throws Exception {
        Components parts = new Components();
        parts.start("a", () -> part("a"));
        parts.start("b", () -> part("b"), b -> () -> events.add("abort b"));
        IOException e = assertThrows(IOException.class, () -> parts.start("status page (--status-port 80)", () -> {
            throw new IOException("Address already in use");
        }));
        assertEquals("status page (--status-port 80): Address already in use", e.getMessage());
        assertEquals(List.of("start a", "start b", "abort b", "stop a"), events);
        parts.close();
        assertEquals(4, events.size(), "nothing is undone twice");
    }

    @Test
    void closeGoesOnPastAPartThatFailsToStop() throws Exception {
        Components parts = new Components();
        parts.start("a", () -> part("a"));
        parts.start("b", () -> (AutoCloseable) () -> {
            throw new IllegalStateException("b will not stop");
        });
        parts.start("c", () -> part("c"));
        parts.close();
        assertEquals(List.of("start a", "start c", "stop c", "stop a"), events);
    }

    @Test
    void anAbortThatFailsIsKeptAsSuppressedAndTheRestIsStillUndone() throws Exception {
        Components parts = new Components();
        parts.start("a", () -> part("a"));
        parts.start("b", () -> (AutoCloseable) () -> {
            throw new IllegalStateException("b will not stop");
        });
        IOException e = assertThrows(IOException.class, () -> parts.start("c", () -> {
            throw new IllegalArgumentException("bad");
        }));
        assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0].getMessage().equals("b will not stop"));
        assertEquals(List.of("start a", "stop a"), events);
    }
}
