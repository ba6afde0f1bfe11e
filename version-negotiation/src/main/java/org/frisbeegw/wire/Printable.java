package org.frisbeegw.wire;

/**
 * Text from the network (image ids, host names, lines) made safe to print: control characters
 * (C0, DEL, C1: ESC and CR/LF included) become {@code \xNN}, and a backslash becomes {@code \\},
 * so a forged id can neither start a new log line nor move a terminal's cursor.
 */
public final class Printable {
    private Printable() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control || c == '\\') {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(control ? String.format("\\x%02x", (int) c) : "\\\\");
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
