package org.frisbeegw.gateway.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.wire.TransferMethods;

/** The gateway's command line: mfrisbeed's flags plus our own long options, into one GatewayConfig. */
public final class GatewayOptions {
    private static final String DEFAULT_IMAGE_DIR = "/usr/local/images";

    private GatewayOptions() {
    }

    static Options definitions() {
        Options o = new Options();
        o.addOption(Option.builder("C").hasArg().argName("style").desc("configuration back-end: null (default) or emulab").build());
        o.addOption(longOpt("db-url", "jdbc", "-C emulab: the Emulab DB (default: embedded H2 with the sample site)"));
        o.addOption(longOpt("db-user", "name", "-C emulab: database user (or in the URL)"));
        o.addOption(longOpt("db-password-file", "file", "-C emulab: file holding the database password"));
        o.addOption(longOpt("standard-images", "dir", "-C emulab: TBROOT/images (default /usr/testbed/images)"));
        o.addOption(Option.builder().longOpt("inner-elab").desc("-C emulab: this is an inner Emulab's boss").build());
        o.addOption(Option.builder("I").hasArg().argName("dir")
                .desc("image directory; repeat for several roots (default " + DEFAULT_IMAGE_DIR + ")").build());
        o.addOption(Option.builder("p").hasArg().argName("port").desc("master-server TCP port (default 64494)").build());
        o.addOption(Option.builder("i").hasArg().argName("addr").desc("bind address (default: any)").build());
        o.addOption(Option.builder("x").hasArg().argName("list").desc("methods clients may use (default ucast,mcast)").build());
        o.addOption(Option.builder("d").longOpt("debug").desc("debug logging (repeat for more)").build());
        o.addOption(Option.builder("S").hasArg().argName("host").desc("parent master server: fetch images it has").build());
        o.addOption(Option.builder("P").hasArg().argName("port").desc("parent's port (default 64494)").build());
        o.addOption(Option.builder("A").desc("ask the parent as the client (hostip = the client)").build());
        o.addOption(Option.builder("M").desc("strict mirror of the parent (needs -S)").build());
        o.addOption(Option.builder("R").desc("while fetching, send clients to the parent's stream").build());
        o.addOption(Option.builder("X").hasArg().argName("list").desc("methods toward the parent (default ucast,mcast)").build());
        o.addOption(longOpt("hop-limit", "n", "longest chain of gateways a request may pass (default 16)"));
        o.addOption(longOpt("status-port", "port", "status page (text, ?format=json, /metrics) on -i or 127.0.0.1"));
        o.addOption(longOpt("admin-socket", "path", "local admin control (list/stop image servers) on this unix socket"));
        o.addOption(longOpt("state-dir", "dir", "journal running image servers here and resume them after a restart"));
        o.addOption(longOpt("max-connections-per-source", "n", "open master connections from one address (default 64)"));
        o.addOption(longOpt("max-connections", "n", "open master connections from all addresses together (default 2048)"));
        o.addOption(longOpt("max-connection-rate", "n", "new master connections per second from one address (default 200)"));
        o.addOption(longOpt("connection-burst", "n", "burst allowance for that rate (default 400)"));
        o.addOption(longOpt("max-servers", "n", "image servers running at once (default 256)"));
        o.addOption(longOpt("cache-max-bytes", "bytes", "largest the parent-fetch cache may grow (default: no limit)"));
        o.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
        o.addOption(longOpt("put-dir", "dir", "writable directory for PUT uploads (uploads off without it)"));
        o.addOption(longOpt("put-max-size", "bytes", "largest upload accepted (default 10000000000)"));
        o.addOption(longOpt("put-timeout", "secs", "longest upload time (default 900)"));
        o.addOption(longOpt("launcher", "kind", "image server to start: builtin (default) or external (exec --frisbeed)"));
        o.addOption(longOpt("frisbeed", "path", "frisbeed binary for the external launcher (default /usr/testbed/sbin/frisbeed)"));
        o.addOption(longOpt("server-timeout", "secs", "image server inactivity timeout, -T (default 180)"));
        o.addOption(longOpt("server-args", "args", "extra image server options (default \"-W 100000000 -K 15\")"));
        o.addOption(longOpt("startup-check", "ms", "a new image server must live this long to count as started (default 2000)"));
        o.addOption(longOpt("mcast-base", "a.b.c", "multicast group base (default 239.192.1)"));
        o.addOption(longOpt("port-base", "port", "first UDP port for image servers (default 1025)"));
        o.addOption(longOpt("port-count", "n", "number of UDP ports; 0 derives the port from the group (default 0)"));
        o.addOption(longOpt("request-deadline", "ms", "time a client has to send its whole request (default 5000)"));
        o.addOption(longOpt("workers", "n", "request worker threads (default 16)"));
        o.addOption(longOpt("backlog", "n", "TCP listen backlog (default 1024)"));
        o.addOption(longOpt("demo", "dir", "create a sample image directory under dir and serve it on 127.0.0.1"));
        o.addOption(Option.builder().longOpt("proxy-from").hasArg().argName("ip")
                .desc("a caller allowed to make proxy requests (repeatable; the bridges' own address is added)").build());
        o.addOption(longOpt("reload-info", "file", "enable the legacy tmcd bridge with this reload information file"));
        o.addOption(longOpt("tmcd-ports", "list", "tmcd bridge: TCP+UDP ports (default 7777,14447)"));
        o.addOption(longOpt("boss-ip", "ip", "tmcd bridge: SERVER= for nodes without a frisbee sub-boss (default: -i)"));
        o.addOption(longOpt("tmcd-upstream", "host:port", "tmcd bridge: the real tmcd for every other command"));
        o.addOption(longOpt("tmcd-self", "ip", "tmcd bridge: tmcd's own address, to relay from (default: --boss-ip)"));
        o.addOption(longOpt("compat-tries", "n", "tmcd bridge: master requests per image while TRYAGAIN (default 1)"));
        o.addOption(longOpt("elab-authority", "file", "enable the elabinelab XML-RPC shim with this authority file"));
        o.addOption(longOpt("xmlrpc-port", "port", "XML-RPC shim port (default 3069)"));
        o.addOption(longOpt("xmlrpc-keystore", "file", "XML-RPC shim: server certificate and key (PKCS#12)"));
        o.addOption(longOpt("xmlrpc-keystore-password-file", "file", "XML-RPC shim: file holding the key store password"));
        o.addOption(longOpt("xmlrpc-ca", "pem", "XML-RPC shim: CA that client certificates must chain to (the Emulab CA)"));
        o.addOption(Option.builder().longOpt("xmlrpc-legacy-tls")
                .desc("XML-RPC shim: also accept TLS 1.0/1.1 and MD5-signed certificates (JVM-wide; old inner bosses)").build());
        o.addOption(Option.builder().longOpt("xmlrpc-insecure-http")
                .desc("XML-RPC shim: plain HTTP without client certificates (tests, trusted networks)").build());
        return o;
    }

    private static Option longOpt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }

    public static void printHelp(PrintWriter out) {
        new HelpFormatter().printHelp(out, 100, "frisbee-gateway [serve] [options]", null, definitions(), 2, 2, null);
        out.flush();
    }

    /** True when the command line asks for help; checked before {@link #parse}. */
    public static boolean wantsHelp(String[] args) {
        return Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help");
    }

    public static GatewayConfig parse(String... args) throws ConfigException {
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(definitions(), args);
        } catch (ParseException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!cl.getArgList().isEmpty()) {
            throw new ConfigException("unexpected argument: " + cl.getArgList().get(0));
        }
        String style = cl.getOptionValue("C", "null");
        if (!style.equals("null") && !style.equals("emulab")) {
            throw new ConfigException("-C " + style + ": use null or emulab");
        }
        try {
            // Scalars first: a typo in a number is reported before any directory is looked at.
            int port = intValue(cl, "p", 64494, 0, 65535);
            int methods = methods(cl);
            LauncherKind launcher = launcher(cl);
            Duration serverTimeout = Duration.ofSeconds(intValue(cl, "server-timeout", 180, 0, Integer.MAX_VALUE));
            Duration startupCheck = Duration.ofMillis(intValue(cl, "startup-check", 2000, 0, 60_000));
            AddressPlan plan = addressPlan(cl);
            long putMaxSize = longValue(cl, "put-max-size", 10_000_000_000L);
            Duration putTimeout = Duration.ofSeconds(intValue(cl, "put-timeout", 900, 1, Integer.MAX_VALUE));
            Duration requestDeadline = Duration.ofMillis(intValue(cl, "request-deadline", 5000, 10, 600_000));
            int workers = intValue(cl, "workers", 16, 1, 1024);
            int backlog = intValue(cl, "backlog", 1024, 1, 65535);

            Optional<Path> demo = Optional.ofNullable(cl.getOptionValue("demo")).map(Path::of);
            Optional<InetAddress> bind = bindAddress(cl, demo.isPresent());
            if (demo.isPresent()) {
                createDemo(demo.get());
            }
            List<Path> imageDirs = imageDirs(cl, demo);
            Optional<Path> putDir = optionalDir(cl, "put-dir", demo.map(DemoImages::uploads));
            if (putDir.isPresent() && !Files.isWritable(putDir.get())) {
                throw new ConfigException("--put-dir " + putDir.get() + ": not writable");
            }
            Optional<TmcdSettings> tmcd = TmcdOptions.parse(cl, bind, style.equals("emulab"));
            Optional<XmlRpcSettings> xmlrpc = XmlRpcOptions.parse(cl, bind, style.equals("emulab"));
            Optional<EmulabSettings> emulab = EmulabOptions.parse(cl, style, imageDirs);
            Optional<ParentSettings> parent = ParentOptions.parse(cl, bind, port);
            GatewayConfig.Limits limits = new GatewayConfig.Limits(intValue(cl, "max-connections-per-source", 64, 1, 100_000),
                    intValue(cl, "max-connection-rate", 200, 1, 1_000_000), intValue(cl, "connection-burst", 400, 1, 1_000_000),
                    intValue(cl, "max-servers", 256, 1, 100_000), longValue(cl, "cache-max-bytes", Long.MAX_VALUE),
                    intValue(cl, "max-connections", 2048, 1, 1_000_000));
            Optional<Path> stateDir = Optional.ofNullable(cl.getOptionValue("state-dir")).map(Path::of)
                    .or(() -> demo.map(d -> d.resolve("state")));
            Optional<Path> adminSocket = Optional.ofNullable(cl.getOptionValue("admin-socket")).map(Path::of);
            Optional<Integer> statusPort = cl.hasOption("status-port")
                    ? Optional.of(intValue(cl, "status-port", 0, 0, 65535)) : Optional.empty();
            List<InetAddress> proxyFrom = new ArrayList<>();
            for (String ip : cl.hasOption("proxy-from") ? cl.getOptionValues("proxy-from") : new String[0]) {
                proxyFrom.add(ipv4("--proxy-from", ip));
            }
            GatewayConfig config = new GatewayConfig(imageDirs, putDir, port, bind, methods, count(args, "-d", "--debug"),
                    launcher, Path.of(cl.getOptionValue("frisbeed", "/usr/testbed/sbin/frisbeed")), serverTimeout,
                    splitArgs(cl.getOptionValue("server-args", "-W 100000000 -K 15")), startupCheck, plan,
                    putMaxSize, putTimeout, requestDeadline, workers, backlog, proxyFrom, tmcd, xmlrpc, emulab, parent, statusPort, limits, stateDir,
                    adminSocket);
            if ((tmcd.isPresent() || xmlrpc.isPresent()) && !proxyFrom.contains(config.bridgeAddress())) {
                proxyFrom.add(config.bridgeAddress()); // the bridges ask the master on nodes' behalf
                config = new GatewayConfig(imageDirs, putDir, port, bind, methods, config.debugLevel(), launcher,
                        config.frisbeedBinary(), serverTimeout, config.serverArgs(), startupCheck, plan, putMaxSize,
                        putTimeout, requestDeadline, workers, backlog, proxyFrom, tmcd, xmlrpc, emulab, parent, statusPort, limits, stateDir,
                    adminSocket);
            }
            return config;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static void createDemo(Path dir) throws ConfigException {
        try {
            DemoImages.create(dir);
        } catch (IOException e) {
            throw new ConfigException("--demo " + dir + ": cannot create sample images: " + e.getMessage());
        }
    }

    private static List<Path> imageDirs(CommandLine cl, Optional<Path> demo) throws ConfigException {
        List<String> given = cl.hasOption("I") ? Arrays.asList(cl.getOptionValues("I"))
                : List.of(demo.map(d -> DemoImages.images(d).toString()).orElse(DEFAULT_IMAGE_DIR));
        List<Path> dirs = new ArrayList<>();
        for (String dir : given) {
            dirs.add(realDirectory("-I", Path.of(dir)));
        }
        return dirs;
    }

    private static Optional<Path> optionalDir(CommandLine cl, String name, Optional<Path> fallback) throws ConfigException {
        Optional<Path> dir = Optional.ofNullable(cl.getOptionValue(name)).map(Path::of).or(() -> fallback);
        return dir.isPresent() ? Optional.of(realDirectory("--" + name, dir.get())) : Optional.empty();
    }

    /** Image roots are resolved to real paths once, so confinement checks compare like with like. */
    private static Path realDirectory(String flag, Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(flag + " " + dir + ": not an existing directory");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(flag + " " + dir + ": " + e.getMessage());
        }
    }

    private static Optional<InetAddress> bindAddress(CommandLine cl, boolean demo) throws ConfigException {
        String value = cl.getOptionValue("i", demo ? "127.0.0.1" : null);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(ipv4Bytes(value)));
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new ConfigException("-i " + value + ": not an IPv4 address");
        }
    }

    static InetAddress ipv4(String flag, String dotted) throws ConfigException {
        try {
            return InetAddress.getByAddress(ipv4Bytes(dotted));
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new ConfigException(flag + " " + dotted + ": not an IPv4 address");
        }
    }

    private static byte[] ipv4Bytes(String dotted) {
        int ip = org.frisbeegw.wire.Ipv4.parse(dotted);
        return new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    }

    private static int methods(CommandLine cl) throws ConfigException {
        try {
            return TransferMethods.parse(cl.getOptionValue("x", "ucast,mcast"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("-x: " + e.getMessage());
        }
    }

    private static LauncherKind launcher(CommandLine cl) throws ConfigException {
        String value = cl.getOptionValue("launcher", "builtin");
        try {
            return LauncherKind.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--launcher " + value + ": use builtin or external");
        }
    }

    private static AddressPlan addressPlan(CommandLine cl) throws ConfigException {
        try {
            return AddressPlan.parse(cl.getOptionValue("mcast-base", "239.192.1"),
                    intValue(cl, "port-base", 1025, 1, 65535), intValue(cl, "port-count", 0, 0, 65535));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--mcast-base/--port-base/--port-count: " + e.getMessage());
        }
    }

    static int intValue(CommandLine cl, String name, int dflt, int min, int max) throws ConfigException {
        long v = longValue(cl, name, dflt);
        if (v < min || v > max) {
            throw new ConfigException(flag(name) + " " + v + ": must be between " + min + " and " + max);
        }
        return (int) v;
    }

    static long longValue(CommandLine cl, String name, long dflt) throws ConfigException {
        String value = cl.getOptionValue(name);
        if (value == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new ConfigException(flag(name) + " " + value + ": must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag(name) + " " + value + ": not a number");
        }
    }

    private static String flag(String name) {
        return name.length() == 1 ? "-" + name : "--" + name;
    }

    private static int count(String[] args, String shortFlag, String longFlag) {
        int n = 0;
        for (String a : args) {
            if (a.equals(shortFlag) || a.equals(longFlag)) {
                n++;
            } else if (a.matches("-d+")) {
                n += a.length() - 1;
            }
        }
        return n;
    }

    /** Splits on blanks like the C server does; arguments never contain spaces. */
    private static List<String> splitArgs(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("[ \\t]+"));
    }
}
