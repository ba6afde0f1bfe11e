package org.frisbeegw.wire;

/** Message types of the V01 header with their body lengths on the wire (spec §1.3). */
public enum MessageType {
    GET_REQUEST(1, 264),
    GET_REPLY(2, 280),
    PUT_REQUEST(3, 279),
    PUT_REPLY(4, 283);

    private final int code;
    private final int bodyLength;

    MessageType(int code, int bodyLength) {
        this.code = code;
        this.bodyLength = bodyLength;
    }

    public int code() {
        return code;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** Header plus body: 272, 288, 287, 291. */
    public int wireLength() {
        return MessageHeader.LENGTH + bodyLength;
    }

    public boolean isRequest() {
        return this == GET_REQUEST || this == PUT_REQUEST;
    }

    public static MessageType of(int code) throws MalformedMessageException {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new MalformedMessageException(MalformedMessageException.Reason.UNKNOWN_TYPE,
                "unknown message type " + code);
    }
}
