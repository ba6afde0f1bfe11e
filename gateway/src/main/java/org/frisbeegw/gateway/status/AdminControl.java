package org.frisbeegw.gateway.status;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.frisbeegw.gateway.servers.RunningServer;
import org.frisbeegw.gateway.servers.ServerControl;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local admin control for the image servers this gateway runs ({@code --admin-socket}): a
 * unix-domain socket, so it is reachable from this machine only, mode 0600, and each caller's
 * credentials are checked (root or the gateway's own user). One request line per connection:
 * <pre>
 *   list                        one line per running server, then "ok N"
 *   stop &lt;imageid&gt;              stop that image's servers
 *   stop &lt;a.b.c.d&gt;:&lt;port&gt;        stop the server clients were told to use (what status replies say)
 *   loglevel debug|info|warn    the log level from now on (as -d at start-up), without a restart
 *   role [active|standby]       one of a pair (--pair): its role, or what keepalived's notify says it is now
 * </pre>
 * A stopped server is reported as {@code stopped <addr>:<port> <imageid> pid=<pid|->}, then
 * {@code ok N}; errors as {@code error <why>}. This is what {@code frisbeehelper -k} uses for
 * servers that have no frisbeed pid file (every built-in one).
 */
public final class AdminControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminControl.class);
    private static final int MAX_LINE = 1100;
    private static final Duration READ_DEADLINE = Duration.ofSeconds(2);

    private final Path path;
    private final ServerSocketChannel channel;
    private final ServerControl servers;
    private final Optional<RoleControl> roles;
    private final Thread acceptor;
    private final Set<String> allowedUsers;

    /** The role verbs of a pair member: each returns the reply lines, the last "ok ..." or "error ...". */
    public interface RoleControl {
        List<String> role();

        List<String> becomeActive();

        List<String> becomeStandby();
    }

    private AdminControl(Path path, ServerSocketChannel channel, ServerControl servers, Optional<RoleControl> roles) {
        this.path = path;
        this.channel = channel;
        this.servers = servers;
        this.roles = roles;
        this.allowedUsers = Stream.of("root", System.getProperty("user.name")).collect(Collectors.toUnmodifiableSet());
        this.acceptor = new Thread(this::acceptLoop, "admin-control");
        this.acceptor.setDaemon(true);
    }

    /** Binds {@code path} (replacing a stale socket left by a crash, never another kind of file). */
    public static AdminControl start(Path path, ServerControl servers) throws IOException {
        return start(path, servers, Optional.empty());
    }

    /** As {@link #start(Path, ServerControl)}, with the role verbs of a pair member. */
    public static AdminControl start(Path path, ServerControl servers, Optional<RoleControl> roles) throws IOException {
        removeStaleSocket(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean bound = false;
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
            bound = true;
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            AdminControl control = new AdminControl(path, channel, servers, roles);
            control.acceptor.start();
            log.info("admin control on {}", path);
            return control;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (bound) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(path + " exists and is not a socket");
        }
        if (answers(path)) {
            throw new IOException(path + " is in use by another process");
        }
        Files.delete(path);
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            try (SocketChannel client = channel.accept()) {
                serve(client);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("admin control request failed: {}", e.toString());
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String line = readLine(client);
        List<String> answer;
        if (!allowedUsers.contains(peer.user().getName())) {
            log.warn("admin control: refused user {}", peer.user().getName());
            answer = List.of("error not allowed");
        } else {
            answer = answer(line == null ? "" : line.strip());
            log.info("admin control: {} by {} -> {}", line, peer.user().getName(), answer.get(answer.size() - 1));
        }
        reply(client, answer);
        // Unread input would turn our close into a reset that loses the reply: read what is left.
        client.shutdownOutput();
        drain(client);
    }

    /** The reply lines for one request. */
    List<String> answer(String request) {
        String[] words = request.split(" +");
        if (words.length == 1 && words[0].equals("list")) {
            List<RunningServer> running = servers.running();
            return append(running.stream().map(AdminControl::describe).toList(), "ok " + running.size());
        }
        if (words.length == 2 && words[0].equals("stop")) {
            List<RunningServer> stopped = servers.stop(selector(words[1]));
            return append(stopped.stream().map(s -> "stopped " + endpoint(s) + " " + s.imageId() + " pid="
                    + (s.process().pid().isPresent() ? Long.toString(s.process().pid().getAsLong()) : "-")).toList(),
                    "ok " + stopped.size());
        }
        if (words.length == 2 && words[0].equals("loglevel") && List.of("debug", "info", "warn").contains(words[1])) {
            Level level = Level.toLevel(words[1]);
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
            return List.of("ok loglevel " + level);
        }
        if (words[0].equals("role") && roles.isPresent() && words.length <= 2) {
            return words.length == 1 ? roles.get().role() : switch (words[1]) {
                case "active" -> roles.get().becomeActive();
                case "standby" -> roles.get().becomeStandby();
                default -> List.of("error role active|standby");
            };
        }
        return List.of("error unknown request (list | stop <imageid> | stop <a.b.c.d>:<port> | loglevel debug|info|warn"
                + (roles.isPresent() ? " | role [active|standby])" : ")"));
    }

    /** An address:port names the stream clients were told about; anything else is an image id. */
    private static Predicate<RunningServer> selector(String target) {
        int colon = target.lastIndexOf(':');
        if (colon > 0 && target.substring(0, colon).matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && target.substring(colon + 1).matches("\\d{1,5}")) {
            int addr = Ipv4.parse(target.substring(0, colon));
            int port = Integer.parseInt(target.substring(colon + 1));
            return s -> s.addr() == addr && s.port() == port;
        }
        return s -> s.imageId().equals(target);
    }

    private static String describe(RunningServer s) {
        return endpoint(s) + " " + s.imageId() + " " + TransferMethods.format(s.method()) + " server="
                + Ipv4.format(s.servAddr()) + " pid=" + (s.process().pid().isPresent()
                ? Long.toString(s.process().pid().getAsLong()) : "-");
    }

    private static String endpoint(RunningServer s) {
        return Ipv4.format(s.addr()) + ":" + s.port();
    }

    private static List<String> append(List<String> lines, String last) {
        return Stream.concat(lines.stream(), Stream.of(last)).toList();
    }

    /** One line of at most MAX_LINE bytes within READ_DEADLINE, or null (a silent caller cannot hold the control). */
    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        if (!readWithin(client, buf, AdminControl::newline)) {
            return null;
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl >= 0 ? text.substring(0, nl) : text;
    }

    private static boolean newline(ByteBuffer buf) {
        for (int i = 0; i < buf.position(); i++) {
            if (buf.get(i) == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Reads and drops what the caller still sends, up to a bound and a deadline. */
    private static void drain(SocketChannel client) throws IOException {
        readWithin(client, ByteBuffer.allocate(64 * MAX_LINE), b -> false);
    }

    /**
     * Reads into {@code buf} until end of stream, {@code done}, a full buffer or READ_DEADLINE;
     * false when the deadline ended it.
     */
    private static boolean readWithin(SocketChannel client, ByteBuffer buf, Predicate<ByteBuffer> done) throws IOException {
        long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
        client.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            client.register(selector, SelectionKey.OP_READ);
            while (buf.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (client.read(buf) < 0 || done.test(buf)) {
                    return true;
                }
            }
            return true;
        }
    }

    private static void reply(SocketChannel client, List<String> lines) throws IOException {
        client.configureBlocking(true);
        ByteBuffer out = ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        try {
            channel.close();
            acceptor.join(Duration.ofSeconds(5).toMillis());
        } catch (IOException e) {
            log.warn("closing the admin control: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("removing {}: {}", path, e.toString());
        }
    }
}
