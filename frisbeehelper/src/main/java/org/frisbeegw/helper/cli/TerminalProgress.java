package org.frisbeegw.helper.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.frisbeegw.helper.data.ProgressListener;

/** Shows bytes, rate and ETA on one self-overwriting terminal line (a line per 10% when not a terminal). */
public final class TerminalProgress implements ProgressListener {
    private static final long MIN_INTERVAL_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastShown;
    private long lastTenth = -1;
    private boolean finishShown;

    public TerminalProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void progress(long done, long total, long elapsedNanos) {
        boolean finished = done >= total;
        if (finished && finishShown) {
            return;
        }
        finishShown = finished;
        if (terminal) {
            if (!finished && elapsedNanos - lastShown < MIN_INTERVAL_NANOS) {
                return;
            }
            lastShown = elapsedNanos;
            out.print("\r" + line(done, total, elapsedNanos) + (finished ? "\n" : ""));
        } else {
            long tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth == lastTenth && !finished) {
                return;
            }
            lastTenth = tenth;
            out.println(line(done, total, elapsedNanos));
        }
        out.flush();
    }

    static String line(long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        return String.format(Locale.ROOT, "%8.1f / %.1f MiB  %3d%%  %7.2f MiB/s  ETA %s", done / 1048576.0,
                total / 1048576.0, total == 0 ? 100 : done * 100 / total, rate / 1048576.0, eta < 0 ? "?" : eta + " s");
    }
}
