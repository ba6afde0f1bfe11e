package org.frisbeegw.tmcd.reload;

/** The reload information could not be read (a DB error in tmcd's terms). */
public class ReloadInfoException extends Exception {
    public ReloadInfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
