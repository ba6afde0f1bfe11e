package org.frisbeegw.gateway.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.frisbeegw.helper.DaemonThreads;

/**
 * The status page over HTTP: {@code /} as text ({@code ?format=json} for JSON) and
 * {@code /metrics} for Prometheus. Read-only; bind it to a management address.
 */
public final class StatusListener implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private StatusListener(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static StatusListener start(InetSocketAddress at, Supplier<StatusSnapshot> source) throws IOException {
        // Deadlines for the JDK server (read when it first starts): a stalled client is dropped.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "10"));
        System.setProperty("sun.net.httpserver.idleInterval", System.getProperty("sun.net.httpserver.idleInterval", "30"));
        HttpServer server = HttpServer.create(at, 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, DaemonThreads.named("status-http"));
        server.setExecutor(threads);
        server.createContext("/", ex -> {
            boolean json = ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("format=json");
            if (!ex.getRequestURI().getPath().equals("/")) {
                reply(ex, 404, "text/plain", "not found\n");
            } else if (json) {
                reply(ex, 200, "application/json", StatusFormats.json(source.get()));
            } else {
                reply(ex, 200, "text/plain; charset=utf-8", StatusFormats.text(source.get()));
            }
        });
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4",
                StatusFormats.prometheus(source.get())));
        server.start();
        return new StatusListener(server, threads);
    }

    public InetSocketAddress localAddress() {
        return server.getAddress();
    }

    private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
