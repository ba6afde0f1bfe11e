package org.frisbeegw.helper;

/** A fatal helper error: printed as Perl's die does, exit 255. */
final class HelperFailure extends Exception {
    HelperFailure(String message) {
        super(message);
    }
}
