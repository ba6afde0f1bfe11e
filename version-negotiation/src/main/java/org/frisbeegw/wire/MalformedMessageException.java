package org.frisbeegw.wire;

import java.nio.ByteBuffer;

/**
 * A peer sent bytes that do not form a valid message. The {@link Reason} lets a listener decide
 * how to react (e.g. wait for more bytes on {@link Reason#TRUNCATED}) without parsing text.
 */
public class MalformedMessageException extends Exception {

    /** What is wrong with the input. */
    public enum Reason {
        /** Fewer bytes than the layout needs. */
        TRUNCATED,
        /** The version bytes are not a version we speak. */
        BAD_VERSION,
        /** The message type is not one we know. */
        UNKNOWN_TYPE,
        /** A field holds a value outside its legal range. */
        BAD_FIELD
    }

    private final Reason reason;

    public MalformedMessageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static void require(ByteBuffer in, int needed, String what) throws MalformedMessageException {
        if (in.remaining() < needed) {
            throw new MalformedMessageException(Reason.TRUNCATED,
                    what + " needs " + needed + " bytes, got " + in.remaining());
        }
    }
}
