package org.frisbeegw.xmlrpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {code, value, output} struct every elabinelab method answers with (xmlrpc-elabinelab.md
 * §1.5); all three members are always present, as the Perl caller needs.
 */
public final class Envelope {
    public static final int SUCCESS = 0;
    public static final int BADARGS = 1;
    public static final int ERROR = 2;
    public static final int FORBIDDEN = 3;
    public static final int BADVERSION = 4;
    public static final int SERVERERROR = 5;
    public static final int TOOBIG = 6;
    public static final int REFUSED = 7;
    public static final int TIMEDOUT = 8;

    private Envelope() {
    }

    public static Map<String, Object> of(int code, Object value, String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("value", value);
        m.put("output", printable(output));
        return m;
    }

    public static Map<String, Object> success(Object value) {
        return of(SUCCESS, value, "");
    }

    public static Map<String, Object> failure(int code, String output) {
        return of(code, 0, output);
    }

    /** Keeps what Python's string.printable keeps: printable ASCII and whitespace. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' || c == '\r' || c == 0x0B || c == 0x0C) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
