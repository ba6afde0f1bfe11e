package org.frisbeegw.gateway.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The status page over HTTP, on embedded Jetty (the stack that fronts XML-RPC): {@code /} is the
 * live HTML page for a browser (one that asks for text/html) and plain text for anything else
 * ({@code ?format=text|json|html} to choose), {@code /metrics} is Prometheus. Read-only (GET
 * only); bind it to a management address. Every value the page shows is inserted as text by its
 * script, so an image id from the network cannot become markup.
 */
public final class StatusListener implements AutoCloseable {
    private static final long IDLE_TIMEOUT_MS = 10_000;

    private final Server server;
    private final ServerConnector connector;

    private StatusListener(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static StatusListener start(InetSocketAddress at, Supplier<StatusSnapshot> source) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("status-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(at.getAddress().getHostAddress());
        connector.setPort(at.getPort());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(new Pages(source, new StatusMetrics(source), page()));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException(e.getMessage(), e);
        }
        return new StatusListener(server, connector);
    }

    private static byte[] page() throws IOException {
        try (InputStream in = StatusListener.class.getResourceAsStream("status-page.html")) {
            if (in == null) {
                throw new IOException("status-page.html missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    public InetSocketAddress localAddress() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing left to serve
        }
    }

    /** The routes: the page, its data, the metrics. */
    private static final class Pages extends Handler.Abstract {
        private final Supplier<StatusSnapshot> source;
        private final StatusMetrics metrics;
        private final byte[] html;

        Pages(Supplier<StatusSnapshot> source, StatusMetrics metrics, byte[] html) {
            this.source = source;
            this.metrics = metrics;
            this.html = html;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (!request.getMethod().equals("GET")) {
                return reply(response, callback, 405, "text/plain", "read-only: GET only\n");
            }
            if (path.equals("/metrics")) {
                return reply(response, callback, 200, metrics.contentType(), metrics.scrape());
            }
            if (!path.equals("/")) {
                return reply(response, callback, 404, "text/plain", "not found\n");
            }
            String query = request.getHttpURI().getQuery();
            String accept = request.getHeaders().get(HttpHeader.ACCEPT);
            String format = query != null && query.contains("format=json") ? "json"
                    : query != null && query.contains("format=text") ? "text"
                    : query != null && query.contains("format=html") || accept != null && accept.contains("text/html")
                    ? "html" : "text";
            return switch (format) {
                case "json" -> reply(response, callback, 200, "application/json", StatusFormats.json(source.get()));
                case "html" -> reply(response, callback, 200, "text/html; charset=utf-8", html);
                default -> reply(response, callback, 200, "text/plain; charset=utf-8", StatusFormats.text(source.get()));
            };
        }

        private static boolean reply(Response response, Callback callback, int status, String type, String body) {
            return reply(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8));
        }

        private static boolean reply(Response response, Callback callback, int status, String type, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline';"
                    + " style-src 'unsafe-inline'; connect-src 'self'");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
