package org.frisbeegw.helper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.frisbeegw.helper.AdminClient;

/**
 * One request to a gateway's local admin control: {@code admin -s socket list},
 * {@code ... role active} (what keepalived's notify hook runs). Prints the reply; exit 0 when
 * its last line is "ok ...", 255 on an error reply or no answer, 2 on bad usage.
 */
public final class AdminCommand {
    static final List<String> USAGE = List.of(
            "usage: admin [-s socket] [-T secs] <request...>   e.g. list | stop <imageid> | loglevel debug | role active",
            "Send one request to the gateway's admin control (--admin-socket) and print the reply.");

    private AdminCommand() {
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("s").longOpt("socket").hasArg().argName("path")
                .desc("the gateway's --admin-socket (default /run/frisbeegw/admin.sock)").build());
        o.addOption(Option.builder("T").hasArg().argName("secs")
                .desc("wait this long for the reply (default 60: becoming active resumes every stream first)").build());
        return o;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (VerbHelp.wanted(args)) {
            VerbHelp.print(out, USAGE, options());
            return ExitCode.OK.code();
        }
        CommandLine cl;
        Duration deadline;
        try {
            cl = new DefaultParser().parse(options(), args);
            deadline = Duration.ofSeconds(Flags.intValue(cl, "T", 60, 1, 3600));
            if (cl.getArgList().isEmpty()) {
                throw new UsageException("no request given");
            }
        } catch (ParseException | UsageException e) {
            return VerbHelp.usageError(err, "admin", USAGE, e.getMessage());
        }
        Path socket = Path.of(cl.getOptionValue("s", "/run/frisbeegw/admin.sock"));
        try {
            List<String> reply = new AdminClient(socket, deadline).ask(String.join(" ", cl.getArgList()));
            reply.forEach(out::println);
            return !reply.isEmpty() && reply.get(reply.size() - 1).startsWith("ok") ? ExitCode.OK.code()
                    : ExitCode.FAILED.code();
        } catch (IOException e) {
            err.println("admin: " + socket + ": " + e.getMessage());
            return ExitCode.FAILED.code();
        }
    }
}
