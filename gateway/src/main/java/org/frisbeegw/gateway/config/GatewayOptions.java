package org.frisbeegw.gateway.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.helper.cli.UsageException;
import org.frisbeegw.helper.cli.VerbHelp;
import org.frisbeegw.wire.Ipv4;

/**
 * The gateway's command line: mfrisbeed's flags plus our own long options, one {@code *Options}
 * class per settings group, composed here into one {@link GatewayConfig}.
 */
public final class GatewayOptions {
    private GatewayOptions() {
    }

    static Options definitions() {
        Options o = new Options();
        EmulabOptions.define(o);
        StorageOptions.define(o);
        MasterOptions.define(o);
        ParentOptions.define(o);
        OperationOptions.define(o);
        LaunchOptions.define(o);
        TmcdOptions.define(o);
        XmlRpcOptions.define(o);
        PairOptions.define(o);
        o.addOption(longOpt("demo", "dir", "create a sample image directory under dir and serve it on 127.0.0.1"));
        o.addOption(Option.builder().longOpt("proxy-from").hasArg().argName("ip")
                .desc("a caller allowed to make proxy requests (repeatable; the bridges' own address is added)").build());
        o.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
        return o;
    }

    static Option longOpt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }

    public static void printHelp(PrintWriter out) {
        new HelpFormatter().printHelp(out, 100, "frisbee-gateway [serve] [options]", null, definitions(), 2, 2, null);
        out.flush();
    }

    /** True when the command line asks for help; checked before {@link #parse}. */
    public static boolean wantsHelp(String[] args) {
        return VerbHelp.wanted(args);
    }

    public static GatewayConfig parse(String... args) throws ConfigException {
        try {
            return build(args);
        } catch (ConfigException e) {
            throw e;
        } catch (UsageException | IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static GatewayConfig build(String[] args) throws UsageException {
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
        Optional<Path> demo = Optional.ofNullable(cl.getOptionValue("demo")).map(Path::of);
        // Scalars first: a typo in a number is reported before any directory is looked at.
        MasterSettings master = MasterOptions.parse(cl, demo.isPresent());
        LaunchSettings launch = LaunchOptions.parse(cl);
        UploadSettings uploadLimits = StorageOptions.uploadLimits(cl);
        if (demo.isPresent()) {
            createDemo(demo.get());
        }
        ImageSettings images = StorageOptions.images(cl, demo);
        GatewayConfig.Builder b = GatewayConfig.builder()
                .master(m -> master).launch(l -> launch).images(i -> images)
                .parent(ParentOptions.parse(cl, master.bind(), master.port()))
                .emulab(EmulabOptions.parse(cl, style, images.dirs()))
                .tmcd(TmcdOptions.parse(cl, master.bind(), style.equals("emulab")))
                .xmlrpc(XmlRpcOptions.parse(cl, master.bind(), style.equals("emulab")));
        UploadSettings uploads = StorageOptions.uploads(cl, uploadLimits, demo);
        OperationSettings operations = OperationOptions.parse(cl, args, demo);
        b.uploads(u -> uploads).operations(o -> operations).pair(PairOptions.parse(cl));
        for (String ip : cl.hasOption("proxy-from") ? cl.getOptionValues("proxy-from") : new String[0]) {
            b.proxyFrom(ipv4("--proxy-from", ip));
        }
        GatewayConfig config = b.build();
        if (config.pairProblem() != null) {
            throw new ConfigException(config.pairProblem());
        }
        return config;
    }

    private static void createDemo(Path dir) throws ConfigException {
        try {
            DemoImages.create(dir);
        } catch (IOException e) {
            throw new ConfigException("--demo " + dir + ": cannot create sample images: " + e.getMessage());
        }
    }

    static InetAddress ipv4(String flag, String dotted) throws ConfigException {
        try {
            int ip = Ipv4.parse(dotted);
            return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new ConfigException(flag + " " + dotted + ": not an IPv4 address");
        }
    }
}
