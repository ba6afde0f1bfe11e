package org.frisbeegw.helper;

import java.io.IOException;

/** The master server could not be reached, did not answer in time, or answered garbage. */
public class MasterClientException extends IOException {
    public MasterClientException(String message) {
        super(message);
    }

    public MasterClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
