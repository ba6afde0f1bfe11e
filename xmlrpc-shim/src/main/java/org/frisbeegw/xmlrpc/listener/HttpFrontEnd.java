package org.frisbeegw.xmlrpc.listener;

import org.frisbeegw.helper.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.frisbeegw.xmlrpc.Caller;
import org.frisbeegw.xmlrpc.ShimSettings;
import org.frisbeegw.xmlrpc.ShimXmlRpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deliberately small HTTP/1.0 server for the legacy callers: one POST per connection, body
 * read by Content-Length (capped), answered with HTTP 200 and closed, since the M2Crypto client
 * reads to EOF. Everything that is not a good XML-RPC call still gets HTTP 200 and a fault with
 * code 1, as the Perl caller only understands methodResponses.
 */
public final class HttpFrontEnd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpFrontEnd.class);
    private static final int MAX_HEAD = 16 * 1024;
    private static final int PROTOCOL_FAULT = 1;

    private final ServerSocket server;
    private final ShimXmlRpcServer rpc;
    private final ShimSettings settings;
    private final ExecutorService workers;
    private final Thread acceptor;
    /**
     * Connections waiting or served per source: silent sockets from one place cannot take every
     * worker from the legitimate callers (the adversarial run's 300 silent connections).
     */
    private final java.util.Map<java.net.InetAddress, java.util.concurrent.atomic.AtomicInteger> perSource =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_PER_SOURCE = 4;

    private HttpFrontEnd(ServerSocket server, ShimXmlRpcServer rpc, ShimSettings settings) {
        this.server = server;
        this.rpc = rpc;
        this.settings = settings;
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(256), DaemonThreads.named("xmlrpc-worker"));
        this.acceptor = new Thread(this::acceptLoop, "xmlrpc-acceptor");
        this.acceptor.setDaemon(true);
    }

    public static HttpFrontEnd start(ShimXmlRpcServer rpc, ShimSettings settings) throws IOException {
        HttpFrontEnd f = new HttpFrontEnd(TlsServerSockets.open(settings), rpc, settings);
        f.acceptor.start();
        return f;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                java.net.InetAddress source = s.getInetAddress();
                java.util.concurrent.atomic.AtomicInteger mine = perSource.computeIfAbsent(source,
                        a -> new java.util.concurrent.atomic.AtomicInteger());
                if (mine.incrementAndGet() > MAX_PER_SOURCE) {
                    release(source, mine);
                    log.info("{}: more than {} XML-RPC connections from this source, closing", source.getHostAddress(),
                            MAX_PER_SOURCE);
                    closeQuietly(s);
                    continue;
                }
                try {
                    workers.execute(() -> {
                        try {
                            serve(s);
                        } finally {
                            release(source, mine);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    release(source, mine);
                    log.info("{}: too many XML-RPC connections, closing", source.getHostAddress());
                    closeQuietly(s);
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("XML-RPC accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void release(java.net.InetAddress source, java.util.concurrent.atomic.AtomicInteger mine) {
        if (mine.decrementAndGet() <= 0) {
            perSource.remove(source, mine);
        }
    }

    private void serve(Socket s) {
        String peer = s.getInetAddress().getHostAddress();
        try (s) {
            s.setSoTimeout((int) settings.deadline().toMillis());
            Caller caller = new Caller(s.getInetAddress(), certificateUser(s));
            long end = System.nanoTime() + settings.deadline().toNanos();
            byte[] response = answer(new java.io.BufferedInputStream(s.getInputStream()), caller, end);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.0 200 OK\r\nServer: frisbee-gateway\r\nContent-Type: text/xml\r\nContent-Length: "
                    + response.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(response);
            out.flush();
        } catch (SSLPeerUnverifiedException e) {
            log.info("{}: no verified client certificate, closing", peer);
        } catch (SocketTimeoutException e) {
            log.info("{}: request not complete within {} ms, closing", peer, settings.deadline().toMillis());
        } catch (IOException e) {
            log.info("{}: XML-RPC connection failed: {}", peer, e.getMessage());
        }
    }

    private byte[] answer(InputStream in, Caller caller, long end) throws IOException {
        String head = readHead(in, end);
        if (head == null) {
            return rpc.fault(PROTOCOL_FAULT, "HTTP request head too large or incomplete");
        }
        String[] lines = head.split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 2 || !requestLine[0].equals("POST")) {
            return rpc.fault(PROTOCOL_FAULT, "only POST is served");
        }
        if (!settings.paths().contains(requestLine[1])) {
            return rpc.fault(PROTOCOL_FAULT, "no XML-RPC service at " + requestLine[1]);
        }
        long length = contentLength(lines);
        if (length < 0) {
            return rpc.fault(PROTOCOL_FAULT, "Content-Length required");
        }
        if (length >= settings.maxBodyBytes()) {
            log.info("{}: request body of {} bytes refused", caller.peer().getHostAddress(), length);
            return rpc.fault(PROTOCOL_FAULT, "request body over " + settings.maxBodyBytes() + " bytes");
        }
        byte[] body = readExactly(in, (int) length, end);
        String text = new String(body, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
            return rpc.fault(PROTOCOL_FAULT, "DOCTYPE and entity declarations are not accepted");
        }
        return rpc.process(body, caller);
    }

    /** Reads up to the blank line (CRLF CRLF, or LF LF from sloppy clients); null if it does not come within MAX_HEAD bytes. */
    private static String readHead(InputStream in, long end) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (head.size() < MAX_HEAD) {
            checkDeadline(end);
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
            if (lastFour == 0x0D0A0D0A || (lastFour & 0xFFFF) == 0x0A0A) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static long contentLength(String[] lines) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    return Long.parseLong(lines[i].substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static byte[] readExactly(InputStream in, int length, long end) throws IOException {
        byte[] body = new byte[length];
        int have = 0;
        while (have < length) {
            checkDeadline(end);
            int n = in.read(body, have, length - have);
            if (n < 0) {
                throw new IOException("body ended after " + have + " of " + length + " bytes");
            }
            have += n;
        }
        return body;
    }

    private static void checkDeadline(long end) throws SocketTimeoutException {
        if (System.nanoTime() > end) {
            throw new SocketTimeoutException("deadline");
        }
    }

    /** The user a verified client certificate names: its CN up to the first comma (uid_uuid or uid). */
    private static Optional<String> certificateUser(Socket s) throws IOException {
        if (!(s instanceof SSLSocket ssl)) {
            return Optional.empty();
        }
        X509Certificate cert = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString().split(",")[0]);
                }
            }
        } catch (InvalidNameException e) {
            throw new SSLPeerUnverifiedException("unreadable certificate subject");
        }
        throw new SSLPeerUnverifiedException("certificate without CN");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            log.debug("close: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("close: {}", e.toString());
        }
        workers.shutdownNow();
    }
}
