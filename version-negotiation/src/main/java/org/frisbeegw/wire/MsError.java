package org.frisbeegw.wire;

/** Master-server error codes (decls.h MS_ERROR_*) with the C client's texts (utils.c GetMSError). */
public enum MsError {
    NONE(0, "no error"),
    FAILED(1, "server authentication error"),
    NOHOST(2, "unknown host"),
    NOIMAGE(3, "unknown image"),
    NOACCESS(4, "access not allowed"),
    NOMETHOD(5, "not available via specified method"),
    INVALID(6, "invalid argument"),
    TRYAGAIN(7, "image busy, try again later"),
    TOOBIG(8, "upload too large for target image"),
    BADMTIME(9, "bad image modification time"),
    NOTIMPL(10, "operation not implemented");

    private final int code;
    private final String text;

    MsError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The C client's text for any code, including codes this version does not know. */
    public static String describe(int code) {
        MsError e = of(code);
        return e == null ? "unknown error" : e.text;
    }

    /** The enum constant for a code, or null for codes outside 0..10. */
    public static MsError of(int code) {
        for (MsError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
