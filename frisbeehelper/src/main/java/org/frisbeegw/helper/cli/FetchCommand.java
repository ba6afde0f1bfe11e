package org.frisbeegw.helper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.helper.StatusReport;
import org.frisbeegw.helper.data.DownloadResult;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.helper.data.NetworkInterfaces;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;

/**
 * {@code fetch}: downloads an image as the C {@code frisbee -N} does, either by name through a
 * master server ({@code -S server -F imageid}) or from a known stream ({@code --servaddr --addr
 * --port}). Shows progress on stderr. The output is replaced only by a complete image (see
 * {@link AtomicOutput}). Exit 0 done, 255 failed (as frisbee), 2 usage.
 */
public final class FetchCommand {
    static final List<String> USAGE = List.of(
            "usage: fetch -S server [-p port] -F imageid [-X methods] [-B secs] [--local ip] -o file",
            "       fetch --servaddr ip --addr ip --port n [--local ip] -o file",
            "Download an image like frisbee -N: by name through a master server, or from a known stream.");
    /** Requests while the master says TRYAGAIN, with -B: a reload waits longer than a query. */
    private static final int DEFAULT_TRIES = 60;

    private FetchCommand() {
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("S").hasArg().argName("server").desc("master server to ask for the image").build());
        o.addOption(Option.builder("F").hasArg().argName("imageid").desc("image to fetch by name").build());
        MasterFlags.define(o, "acceptable methods", DEFAULT_TRIES);
        o.addOption(Option.builder().longOpt("servaddr").hasArg().argName("ip").desc("without -S: the stream's server").build());
        o.addOption(Option.builder().longOpt("addr").hasArg().argName("ip").desc("without -S: group or server address").build());
        o.addOption(Option.builder().longOpt("port").hasArg().argName("port").desc("without -S: the stream's UDP port").build());
        o.addOption(Option.builder().longOpt("local").hasArg().argName("ip").desc("local address to use (default: toward the server)").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("file").desc("where to write the image").build());
        return o;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (VerbHelp.wanted(args)) {
            VerbHelp.print(out, USAGE, options());
            return ExitCode.OK.code();
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
            if (!cl.hasOption("o") || cl.hasOption("S") == cl.hasOption("servaddr")) {
                throw new ParseException("give -o and either -S with -F, or --servaddr/--addr/--port");
            }
        } catch (ParseException e) {
            err.println("fetch: " + e.getMessage());
            err.println(USAGE.get(0));
            err.println(USAGE.get(1) + "   (see --help)");
            return ExitCode.USAGE.code();
        }
        try {
            DownloadTarget target = cl.hasOption("S") ? ask(cl, err) : direct(cl);
            if (target == null) {
                return ExitCode.FAILED.code();
            }
            DownloadResult r;
            try (AtomicOutput output = AtomicOutput.beside(Path.of(cl.getOptionValue("o")))) {
                r = FrisbeeClient.download(target, output.path(),
                        FrisbeeClient.Options.defaults().withProgress(new TerminalProgress(err, System.console() != null)));
                output.commit();
            }
            out.printf(Locale.ROOT, "%s: %d bytes in %.2f s (%.2f MiB/s), %d requests, %d duplicate blocks%n",
                    cl.getOptionValue("o"), r.bytes(), r.elapsed().toNanos() / 1e9, r.bytesPerSecond() / 1048576,
                    r.requests(), r.duplicates());
            return ExitCode.OK.code();
        } catch (UsageException | IllegalArgumentException e) {
            err.println("fetch: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (IOException e) {
            err.println("fetch: " + e.getMessage());
            return ExitCode.FAILED.code();
        }
    }

    /** Asks the master server; null (after printing why) when it answers an error. */
    private static DownloadTarget ask(CommandLine cl, PrintStream err) throws IOException, UsageException {
        InetAddress server = Flags.host("-S", cl.getOptionValue("S"));
        InetAddress local = local(cl, server);
        MasterClient client = new MasterClient(new InetSocketAddress(server, MasterFlags.port(cl)), Deadlines.DEFAULT,
                MasterFlags.retry(cl, DEFAULT_TRIES)).withLocalAddress(local);
        String id = cl.getOptionValue("F");
        if (id == null) {
            throw new UsageException("-S needs -F imageid");
        }
        GetReply reply;
        try {
            reply = client.get(id, TransferMethods.parse(cl.getOptionValue("X", "mcast")));
        } catch (MasterClientException e) {
            throw new IOException("could not get download info: " + e.getMessage(), e);
        }
        if (reply.isError()) {
            err.println(StatusReport.errorLine(id, reply));
            return null;
        }
        err.println(StatusReport.addressLine(id, reply));
        return new DownloadTarget(Ipv4.toAddress(reply.servAddr()), Ipv4.toAddress(reply.addr()), reply.port(), local);
    }

    private static DownloadTarget direct(CommandLine cl) throws IOException, UsageException {
        if (!cl.hasOption("port")) {
            throw new UsageException("--servaddr needs --port");
        }
        InetAddress server = Flags.host("--servaddr", cl.getOptionValue("servaddr"));
        InetAddress addr = Flags.host("--addr", cl.getOptionValue("addr", cl.getOptionValue("servaddr")));
        return new DownloadTarget(server, addr, Flags.intValue(cl, "port", 0, 1, 65535), local(cl, server));
    }

    /** --local, or the address this host would use toward {@code server}. */
    private static InetAddress local(CommandLine cl, InetAddress server) throws IOException, UsageException {
        return cl.hasOption("local") ? Flags.host("--local", cl.getOptionValue("local"))
                : NetworkInterfaces.localAddressToward(server);
    }
}
