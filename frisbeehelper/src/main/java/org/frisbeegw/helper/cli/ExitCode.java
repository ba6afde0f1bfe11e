package org.frisbeegw.helper.cli;

/**
 * Exit statuses of the gateway's verbs. FAILED is 255 as the C frisbee client exits (and as Perl's
 * die usually does for the helper). The drop-in frisbeehelper keeps its legacy usage status 1.
 */
public enum ExitCode {
    OK(0),
    /** The process could not do its job (e.g. the gateway could not start). */
    ERROR(1),
    USAGE(2),
    FAILED(255);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
