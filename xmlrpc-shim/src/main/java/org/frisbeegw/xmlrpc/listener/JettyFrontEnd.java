package org.frisbeegw.xmlrpc.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.frisbeegw.xmlrpc.Caller;
import org.frisbeegw.xmlrpc.ShimSettings;
import org.frisbeegw.xmlrpc.ShimXmlRpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shim's HTTP front end on embedded Jetty 12: POST to one of the configured paths, a body of
 * at most {@code maxBodyBytes} (refused unread beyond), answered with the XML-RPC response or an
 * XML-RPC fault, always status 200 and {@code Connection: close}, as the legacy server did.
 * Jetty does what a hand-written reader did badly: TLS with a required client certificate, an
 * idle timeout (a silent connection holds no thread, only a timer) and a cap on open
 * connections; on top, at most {@value #MAX_PER_SOURCE} open connections per source address.
 */
public final class JettyFrontEnd implements AutoCloseable {
    static final int MAX_PER_SOURCE = 8;
    private static final Logger log = LoggerFactory.getLogger(JettyFrontEnd.class);
    private static final int PROTOCOL_FAULT = 1;
    private static final int MAX_CONNECTIONS = 512;
    private static final int MAX_HEAD = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;

    private JettyFrontEnd(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static JettyFrontEnd start(ShimXmlRpcServer rpc, ShimSettings settings) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, settings.workers() + 4), 2);
        threads.setName("xmlrpc");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(MAX_HEAD);
        ServerConnector connector;
        if (settings.tls().isPresent()) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(sslFactory(settings.tls().get()), "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.bind().getHostAddress());
        connector.setPort(settings.port());
        connector.setReuseAddress(true);
        connector.setIdleTimeout(settings.deadline().toMillis());
        connector.addBean(new PerSourceLimit());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setHandler(new RpcHandler(rpc, settings));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("cannot listen on " + settings.bind().getHostAddress() + ":" + settings.port()
                    + " for XML-RPC: " + e.getMessage(), e);
        }
        return new JettyFrontEnd(server, connector);
    }

    private static SslContextFactory.Server sslFactory(ShimSettings.Tls tls) throws IOException {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setSslContext(TlsContexts.context(tls));
        f.setNeedClientAuth(true);
        if (tls.legacyClients()) {
            // Pre-2011 inner bosses: TLS 1.0/1.1 and their SHA-1 cipher suites, which Jetty leaves out by default.
            f.setIncludeProtocols(TlsContexts.LEGACY_PROTOCOLS);
            f.setExcludeProtocols();
            f.setExcludeCipherSuites();
        }
        return f;
    }

    public InetSocketAddress localAddress() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the XML-RPC listener: {}", e.toString());
        }
    }

    /** One request: checks, reads the bounded body, answers. */
    private static final class RpcHandler extends Handler.Abstract {
        private final ShimXmlRpcServer rpc;
        private final ShimSettings settings;

        RpcHandler(ShimXmlRpcServer rpc, ShimSettings settings) {
            this.rpc = rpc;
            this.settings = settings;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            InetAddress peer = ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getAddress();
            byte[] answer = answer(request, peer);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.write(true, ByteBuffer.wrap(answer), callback);
            return true;
        }

        private byte[] answer(Request request, InetAddress peer) throws IOException {
            if (!"POST".equals(request.getMethod())) {
                return rpc.fault(PROTOCOL_FAULT, "only POST is served");
            }
            String path = request.getHttpURI().getPath();
            if (!settings.paths().contains(path)) {
                return rpc.fault(PROTOCOL_FAULT, "no XML-RPC service at " + path);
            }
            long length = request.getLength();
            if (length < 0) {
                return rpc.fault(PROTOCOL_FAULT, "Content-Length required");
            }
            if (length >= settings.maxBodyBytes()) {
                log.info("{}: request body of {} bytes refused", peer.getHostAddress(), length);
                return rpc.fault(PROTOCOL_FAULT, "request body over " + settings.maxBodyBytes() + " bytes");
            }
            Optional<String> user;
            try {
                user = certificateUser(request);
            } catch (IOException e) {
                return rpc.fault(PROTOCOL_FAULT, e.getMessage());
            }
            ByteBuffer body = Content.Source.asByteBuffer(request);
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            // A cheap first line; the parser refuses a DOCTYPE in any encoding behind it.
            String text = new String(bytes, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
            if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
                return rpc.fault(PROTOCOL_FAULT, "DOCTYPE and entity declarations are not accepted");
            }
            return rpc.process(bytes, new Caller(peer, user));
        }
    }

    /** The user a verified client certificate names: its CN up to the first comma (uid_uuid or uid). */
    private static Optional<String> certificateUser(Request request) throws IOException {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl)) {
            return Optional.empty();
        }
        X509Certificate[] chain = ssl.peerCertificates();
        if (chain == null || chain.length == 0) {
            throw new IOException("no verified client certificate");
        }
        try {
            for (Rdn rdn : new LdapName(chain[0].getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString().split(",")[0]);
                }
            }
        } catch (InvalidNameException e) {
            throw new IOException("unreadable certificate subject");
        }
        throw new IOException("certificate without CN");
    }

    /** Closes a new network connection when its source has {@value #MAX_PER_SOURCE} open already. */
    private static final class PerSourceLimit implements Connection.Listener {
        private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
        private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

        @Override
        public void onOpened(Connection connection) {
            EndPoint e = connection.getEndPoint();
            if (e instanceof SslConnection.SslEndPoint || !(e.getRemoteSocketAddress() instanceof InetSocketAddress remote)) {
                return; // the HTTP connection layered inside TLS: its network connection is counted
            }
            InetAddress source = remote.getAddress();
            AtomicInteger n = open.computeIfAbsent(source, a -> new AtomicInteger());
            counted.put(connection, source);
            if (n.incrementAndGet() > MAX_PER_SOURCE) {
                log.info("{}: more than {} XML-RPC connections from this source, closing", source.getHostAddress(),
                        MAX_PER_SOURCE);
                e.close();
            }
        }

        @Override
        public void onClosed(Connection connection) {
            InetAddress source = counted.remove(connection);
            AtomicInteger n = source == null ? null : open.get(source);
            if (n != null && n.decrementAndGet() <= 0) {
                open.remove(source, n);
            }
        }
    }
}
