package org.frisbeegw.wire.tmcd;

/** A tmcc request tmcd would drop without a reply. */
public class TmcdFormatException extends Exception {
    public TmcdFormatException(String message) {
        super(message);
    }
}
