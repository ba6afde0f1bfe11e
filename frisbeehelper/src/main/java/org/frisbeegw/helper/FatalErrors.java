package org.frisbeegw.helper;

/**
 * After an OutOfMemoryError (or another VirtualMachineError) a daemon cannot be trusted to limp
 * on: threads may have died half-way, and the adversarial run saw such a process ignore SIGTERM.
 * Halting at once lets the supervisor (systemd's Restart=) start it afresh, and the server
 * journal brings the running streams back. Installed for every thread; handlers that catch
 * Throwables pass them through {@link #haltIfFatal}.
 */
public final class FatalErrors {
    /** Exit status after a fatal VM error (distinct from usage 2 and failures 1/255). */
    public static final int EXIT_FATAL = 3;

    private FatalErrors() {
    }

    /** Halts the JVM (no shutdown hooks: they could need the memory that is gone) on a VM error. */
    public static void haltIfFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof VirtualMachineError) {
                try {
                    System.err.println("fatal: " + c + "; exiting so that a supervisor restarts the gateway");
                } finally {
                    Runtime.getRuntime().halt(EXIT_FATAL);
                }
            }
        }
    }

    /** Makes every thread's uncaught VM error halt the process. */
    public static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            haltIfFatal(error);
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.println("uncaught in " + thread.getName() + ": " + error);
                error.printStackTrace();
            }
        });
    }
}
