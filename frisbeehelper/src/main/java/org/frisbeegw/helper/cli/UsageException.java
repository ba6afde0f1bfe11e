package org.frisbeegw.helper.cli;

/** A command line that cannot be used: the message names the flag and the problem; exit 2. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
