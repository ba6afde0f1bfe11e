package org.frisbeegw.helper.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.helper.StatusReport;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;

/**
 * An operator's master-server client with the C frisbee client's flags: {@code -S server -Q id}
 * prints the status lines; {@code -S server -F id} asks for a stream and prints its address.
 * Exit codes: 0 answered (always for -Q, as the C client), 255 error reply or no answer
 * (as the C client), 2 bad usage.
 */
public final class QueryCommand {
    static final List<String> USAGE = List.of(
            "usage: query [-S server] [-p port] (-Q imageid | -F imageid) [-X methods] [-P host] [-B secs] [-T secs]",
            "Ask a master server about an image (-Q, like frisbee -Q) or for its stream (-F, like frisbee -F).");

    private static final int DEFAULT_TRIES = 10;

    private QueryCommand() {
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("S").hasArg().argName("server").desc("master server (default 127.0.0.1)").build());
        OptionGroup what = new OptionGroup();
        what.setRequired(true);
        what.addOption(Option.builder("Q").hasArg().argName("imageid").desc("status only (never starts a server)").build());
        what.addOption(Option.builder("F").hasArg().argName("imageid").desc("get: start or join a server").build());
        o.addOptionGroup(what);
        MasterFlags.define(o, "methods for -F", DEFAULT_TRIES);
        o.addOption(Option.builder("P").hasArg().argName("host").desc("ask on behalf of this host (proxy request)").build());
        o.addOption(Option.builder("T").hasArg().argName("secs").desc("connect/send/receive deadline (default 5)").build());
        return o;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (VerbHelp.wanted(args)) {
            VerbHelp.print(out, USAGE, options());
            return ExitCode.OK.code();
        }
        CommandLine cl;
        MasterClient client;
        int hostIp;
        try {
            cl = new DefaultParser().parse(options(), args);
            client = client(cl);
            hostIp = cl.hasOption("P") ? Ipv4.toInt(Flags.host("-P", cl.getOptionValue("P"))) : 0;
        } catch (ParseException | UsageException e) {
            return VerbHelp.usageError(err, "query", USAGE, e.getMessage());
        }
        boolean status = cl.hasOption("Q");
        String id = status ? cl.getOptionValue("Q") : cl.getOptionValue("F");
        try {
            GetReply reply;
            if (status) {
                reply = hostIp == 0 ? client.status(id) : client.proxyStatus(hostIp, id);
            } else {
                int methods = TransferMethods.parse(cl.getOptionValue("X", "mcast"));
                reply = hostIp == 0 ? client.get(id, methods) : client.proxyGet(hostIp, id, methods);
            }
            StatusReport.lines(id, reply).forEach(out::println);
            if (status) {
                return ExitCode.OK.code();
            }
            if (reply.isError()) {
                err.println(StatusReport.errorLine(id, reply));
                return ExitCode.FAILED.code();
            }
            out.println(StatusReport.addressLine(id, reply));
            return ExitCode.OK.code();
        } catch (MasterClientException e) {
            err.println(id + ": could not get download info: " + e.getMessage());
            return ExitCode.FAILED.code();
        } catch (IllegalArgumentException e) {
            err.println("query: " + e.getMessage());
            return ExitCode.USAGE.code();
        }
    }

    private static MasterClient client(CommandLine cl) throws UsageException {
        InetAddress server = Flags.host("-S", cl.getOptionValue("S", "127.0.0.1"));
        Deadlines deadlines = Deadlines.uniform(Duration.ofSeconds(Flags.intValue(cl, "T", 5, 1, 3600)));
        return new MasterClient(new InetSocketAddress(server, MasterFlags.port(cl)), deadlines,
                MasterFlags.retry(cl, DEFAULT_TRIES));
    }
}
