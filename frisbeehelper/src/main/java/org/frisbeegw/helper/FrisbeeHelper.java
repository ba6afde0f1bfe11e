package org.frisbeegw.helper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;

/**
 * Drop-in for {@code <TB>/sbin/frisbeehelper} (legacy-tmcd.md §3). Start mode
 * ({@code -n node imageid}) asks the master server, on the node's behalf, to start or join a
 * multicast server and prints exactly {@code Address is a.b.c.d:port}. Kill mode ({@code -k})
 * asks for status and, if a frisbeed pid file exists for that stream, terminates it; without
 * one, it asks the gateway's admin control to stop the stream (built-in servers have no pid).
 * Exit codes: 0 success (and every kill-mode outcome but an unusable reply), 1 usage, 255 fatal.
 */
public final class FrisbeeHelper {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 1;
    static final int EXIT_FATAL = 255;
    static final String DEFAULT_ADMIN_SOCKET = "/run/frisbeegw/admin.sock";

    private static final Pattern NODE = Pattern.compile("[-\\w]+");
    private static final Pattern IMAGE = Pattern.compile("[-\\w.+/]+");
    private static final List<String> USAGE = List.of(
            "Usage: frisbeehelper [-d] -n nodeid <imageid>",
            "       frisbeehelper [-d] -k [-n nodeid] <imageid>",
            "Start (or find) a frisbee server for an image on behalf of a node,",
            "or with -k stop the server for an image.",
            "  -d  print debugging output on stderr",
            "  -k  kill mode",
            "Options of this drop-in (before the image id):",
            "  --master host[:port]  master server (default 127.0.0.1:64494)",
            "  --timeout secs        connect and reply deadlines (default 5)",
            "  --hosts file          \"nodeid ip\" lines, for -n",
            "  --images file         \"imageid pid/name\" lines, for numeric image ids",
            "  --pid-dir dir         where frisbeed pid files are (default /var/run)",
            "  --admin-socket path   the gateway's admin control, for -k without a pid file",
            "                        (default /run/frisbeegw/admin.sock)",
            "  --tryagain n          ask up to n times while the master says TRYAGAIN (default 1)");

    private final PrintStream out;
    private final PrintStream err;
    private final String program;
    private boolean debug;

    FrisbeeHelper(PrintStream out, PrintStream err, String program) {
        this.out = out;
        this.err = err;
        this.program = program;
    }

    public static void main(String[] args) {
        String program = System.getProperty("frisbeehelper.program", "frisbeehelper");
        System.exit(new FrisbeeHelper(System.out, System.err, program).run(args));
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("d").desc("debug").build());
        o.addOption(Option.builder("k").desc("kill mode").build());
        o.addOption(Option.builder("n").hasArg().argName("nodeid").build());
        o.addOption(Option.builder().longOpt("master").hasArg().argName("host[:port]")
                .desc("master server (default 127.0.0.1:64494)").build());
        o.addOption(Option.builder().longOpt("timeout").hasArg().argName("secs").desc("deadlines (default 5)").build());
        o.addOption(Option.builder().longOpt("hosts").hasArg().argName("file").desc("\"nodeid ip\" lines").build());
        o.addOption(Option.builder().longOpt("images").hasArg().argName("file").desc("\"imageid pid/name\" lines").build());
        o.addOption(Option.builder().longOpt("pid-dir").hasArg().argName("dir").desc("frisbeed pid files (default /var/run)").build());
        o.addOption(Option.builder().longOpt("admin-socket").hasArg().argName("path")
                .desc("the gateway's admin control (default " + DEFAULT_ADMIN_SOCKET + ")").build());
        o.addOption(Option.builder().longOpt("tryagain").hasArg().argName("n")
                .desc("ask up to n times while the master says TRYAGAIN (default 1: no retry, as the original)").build());
        return o;
    }

    int run(String[] args) {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args, true);
        } catch (ParseException e) {
            return usage();
        }
        debug = cl.hasOption("d");
        boolean kill = cl.hasOption("k");
        if (cl.getArgList().isEmpty() || (!kill && !cl.hasOption("n"))) {
            return usage();
        }
        if (cl.getArgList().stream().skip(1).anyMatch(a -> a.startsWith("-"))) {
            // getopts stops at the operand, so the original would silently drop these: say so instead.
            err.println(program + ": options must come before the image id: " + cl.getArgList().subList(1,
                    cl.getArgList().size()));
            return usage();
        }
        try {
            String node = cl.getOptionValue("n");
            if (node != null && !NODE.matcher(node).matches()) {
                throw new HelperFailure("invalid nodeid");
            }
            String argument = cl.getArgList().get(0);
            if (!IMAGE.matcher(argument).matches()) {
                throw new HelperFailure("invalid imagename");
            }
            NameMaps maps = NameMaps.load(path(cl, "hosts"), path(cl, "images"));
            String imageId = maps.masterImageId(argument);
            int hostIp = node == null ? 0 : maps.nodeAddress(node);
            MasterClient client = client(cl);
            debug("master image id " + imageId + ", host " + Ipv4.format(hostIp) + ", master " + client.server());
            return kill ? kill(client, hostIp, imageId, cl) : start(client, hostIp, imageId);
        } catch (HelperFailure e) {
            return fatal(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return fatal(e.getMessage());
        }
    }

    private int start(MasterClient client, int hostIp, String imageId) throws HelperFailure {
        GetReply reply;
        try {
            reply = client.proxyGet(hostIp, imageId, TransferMethods.MULTICAST);
        } catch (MasterClientException e) {
            debug(e.getMessage());
            throw new HelperFailure(imageId + ": could not start server (no answer from " + client.server() + ": "
                    + e.getMessage() + ")");
        }
        if (reply.isError()) {
            throw new HelperFailure(imageId + ": could not start server (" + reason(reply.error(), hostIp) + ")");
        }
        if (!reply.running() || reply.addr() == 0 || reply.port() == 0) {
            throw new HelperFailure(imageId + ": could not determine address/port for server");
        }
        out.println("Address is " + Ipv4.format(reply.addr()) + ":" + reply.port());
        out.flush();
        return EXIT_OK;
    }

    /** The master's error, with the usual cause of a FAILED proxy request spelled out. */
    private static String reason(int error, int hostIp) {
        MsError e = MsError.of(error);
        String name = e == null ? "error " + error : e.name();
        if (e == MsError.FAILED && hostIp != 0) {
            return name + ": the master refused a request on behalf of a node; a null-config gateway must list"
                    + " this host with --proxy-from (e.g. --proxy-from 127.0.0.1)";
        }
        return name;
    }

    private int kill(MasterClient client, int hostIp, String imageId, CommandLine cl) throws HelperFailure {
        GetReply reply;
        try {
            reply = hostIp == 0 ? client.status(imageId) : client.proxyStatus(hostIp, imageId);
        } catch (MasterClientException e) {
            debug(e.getMessage());
            return EXIT_OK;
        }
        if (reply.isError() || !reply.running()) {
            debug(imageId + ": not running");
            return EXIT_OK;
        }
        if (reply.addr() == 0 || reply.port() == 0) {
            throw new HelperFailure(imageId + ": could not determine address/port for server");
        }
        String stream = Ipv4.format(reply.addr()) + ":" + reply.port();
        Path pidFile = Path.of(cl.getOptionValue("pid-dir", "/var/run"),
                "frisbeed-" + Ipv4.format(reply.addr()) + "-" + reply.port() + ".pid");
        if (Files.exists(pidFile)) {
            killByPidFile(pidFile);
        } else {
            stopThroughGateway(Path.of(cl.getOptionValue("admin-socket", DEFAULT_ADMIN_SOCKET)), stream);
        }
        return EXIT_OK;
    }

    /** The original's way: SIGTERM to the pid a C frisbeed wrote; a bad pid file is only a debug line. */
    private void killByPidFile(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && process.get().destroy()) {
                out.println("Killed process " + pid);
            } else {
                debug("no process " + pid);
            }
        } catch (IOException | NumberFormatException e) {
            debug("no usable pid file " + pidFile + ": " + e.getMessage());
        }
    }

    /**
     * No pid file: the server is one the gateway runs (built-in, or a frisbeed it started), so
     * ask the gateway's admin control to stop it. "Killed process N" when it was a process,
     * "Killed server a.b.c.d:port" for a built-in one; anything else is a debug line, as the
     * original stays silent when it finds nothing to kill.
     */
    private void stopThroughGateway(Path socket, String stream) {
        if (!Files.exists(socket)) {
            debug("no frisbeed pid file and no admin control at " + socket);
            return;
        }
        try {
            for (String line : new AdminClient(socket, Duration.ofSeconds(10)).ask("stop " + stream)) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("stopped")) {
                    out.println(f[3].equals("pid=-") ? "Killed server " + f[1] : "Killed process " + f[3].substring(4));
                } else {
                    debug("admin control: " + line);
                }
            }
            out.flush();
        } catch (IOException e) {
            debug("admin control " + socket + ": " + e.getMessage());
        }
    }

    private MasterClient client(CommandLine cl) throws HelperFailure {
        String master = cl.getOptionValue("master", "127.0.0.1");
        int colon = master.lastIndexOf(':');
        String host = colon > 0 ? master.substring(0, colon) : master;
        int port = colon > 0 ? number(master.substring(colon + 1), "--master port") : MasterClient.DEFAULT_PORT;
        int seconds = cl.hasOption("timeout") ? number(cl.getOptionValue("timeout"), "--timeout") : 5;
        int tries = cl.hasOption("tryagain") ? number(cl.getOptionValue("tryagain"), "--tryagain") : 1;
        try {
            return new MasterClient(new InetSocketAddress(InetAddress.getByName(host), port),
                    Deadlines.uniform(Duration.ofSeconds(Math.max(1, seconds))),
                    new RetryPolicy(Duration.ofSeconds(5), Math.max(1, tries)));
        } catch (UnknownHostException e) {
            throw new HelperFailure(host + ": unknown master server host");
        }
    }

    private static int number(String value, String what) throws HelperFailure {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new HelperFailure(what + " " + value + ": not a number");
        }
    }

    private static Optional<Path> path(CommandLine cl, String opt) {
        return Optional.ofNullable(cl.getOptionValue(opt)).map(Path::of);
    }

    private int usage() {
        USAGE.forEach(out::println);
        out.flush();
        return EXIT_USAGE;
    }

    /** Perl die's shape through tbdie: "*** <script>:" then the message indented four spaces. */
    private int fatal(String message) {
        err.println("*** " + program + ":");
        err.println("    " + message);
        err.flush();
        return EXIT_FATAL;
    }

    private void debug(String message) {
        if (debug) {
            err.println(ProcessHandle.current().pid() + ": " + message);
        }
    }
}
