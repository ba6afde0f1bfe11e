package org.frisbeegw.helper.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;

/**
 * {@code -h}/{@code --help} for a command-line verb: asked for anywhere among the arguments, it
 * wins over everything else, prints the usage lines and every option to stdout, and the verb
 * exits 0 without doing anything.
 */
public final class VerbHelp {
    private VerbHelp() {
    }

    public static boolean wanted(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-h") || a.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    /** A bad command line: says what is wrong and how the verb is used, on {@code err}; returns exit status 2. */
    public static int usageError(PrintStream err, String verb, List<String> usage, String problem) {
        err.println(verb + ": " + problem);
        err.println(usage.get(0) + "   (see --help)");
        return ExitCode.USAGE.code();
    }

    /** Prints {@code usage} (its first line starts "usage: ") and then the options. */
    public static void print(PrintStream out, List<String> usage, Options options) {
        usage.forEach(out::println);
        PrintWriter w = new PrintWriter(out);
        new HelpFormatter().printOptions(w, 100, options, 2, 2);
        w.flush();
    }
}
