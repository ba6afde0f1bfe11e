package org.frisbeegw.wire.tmcd;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tmcc request as tmcd reads it (legacy-tmcd.md §1.2–1.3): SP-separated prefix keys
 * ({@code PRIVKEY=}, {@code VERSION=}, {@code REDIRECT=}, {@code VNODEID=}, {@code IDKEY=}), then
 * the command word and its argument text. No terminator; a trailing SP is normal.
 */
public record TmcdRequest(Optional<String> privKey, int version, Optional<String> redirect, Optional<String> vnodeId,
                          Optional<String> idKey, String command, String arguments) {
    /** tmcd's DEFAULT_VERSION, assumed when VERSION= is absent. */
    public static final int DEFAULT_VERSION = 2;
    /** tmcd's CURRENT_VERSION at the spec's HEAD. */
    public static final int CURRENT_VERSION = 34;

    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{16,128}");
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern VNODE = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern IDKEY = Pattern.compile("[A-Za-z0-9]{1,128}");
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_-]+");

    /** True when the command word selects loadinfo (tmcd matches its table by prefix). */
    public boolean isLoadInfo() {
        return command.startsWith("loadinfo");
    }

    /** True when any identity prefix other than VERSION= was given. */
    public boolean hasIdentityPrefix() {
        return privKey.isPresent() || redirect.isPresent() || vnodeId.isPresent() || idKey.isPresent();
    }

    /**
     * Parses a request. Whatever tmcd would drop (a malformed prefix value, an empty token before
     * the command, no command, bytes that are not printable ASCII) is a {@link TmcdFormatException}.
     * A VERSION beyond the int range is clamped (tmcd's sscanf gives no defined value there; we
     * answer such a peer as the newest client).
     */
    public static TmcdRequest parse(byte[] raw) throws TmcdFormatException {
        for (byte b : raw) {
            if (b != '\n' && b != '\r' && b != '\t' && (b < 0x20 || b > 0x7E)) {
                throw new TmcdFormatException("request holds a non-printable byte");
            }
        }
        String text = new String(raw, StandardCharsets.US_ASCII);
        String privKey = null;
        String redirect = null;
        String vnode = null;
        String idKey = null;
        int version = DEFAULT_VERSION;
        int pos = 0;
        while (true) {
            int end = text.indexOf(' ', pos);
            String token = end < 0 ? text.substring(pos) : text.substring(pos, end);
            if (token.isEmpty()) {
                // tmcd's sscanf sees EOF here and takes it as a (bad) PRIVKEY: the request is dropped.
                throw new TmcdFormatException(end < 0 ? "no command" : "empty token before the command");
            }
            if (token.startsWith("PRIVKEY=")) {
                privKey = value(token, "PRIVKEY=", HEX);
            } else if (token.startsWith("VERSION=")) {
                version = version(value(token, "VERSION=", NUMBER));
            } else if (token.startsWith("REDIRECT=")) {
                redirect = value(token, "REDIRECT=", IPV4);
            } else if (token.startsWith("VNODEID=")) {
                vnode = value(token, "VNODEID=", VNODE);
            } else if (token.startsWith("IDKEY=")) {
                idKey = value(token, "IDKEY=", IDKEY);
            } else {
                String command = token.strip();
                if (!COMMAND.matcher(command).matches()) {
                    throw new TmcdFormatException("bad command word");
                }
                String args = end < 0 ? "" : text.substring(end + 1);
                return new TmcdRequest(Optional.ofNullable(privKey), version, Optional.ofNullable(redirect),
                        Optional.ofNullable(vnode), Optional.ofNullable(idKey), command, args);
            }
            if (end < 0) {
                throw new TmcdFormatException("no command");
            }
            pos = end + 1;
        }
    }

    private static String value(String token, String key, Pattern legal) throws TmcdFormatException {
        String v = token.substring(key.length());
        if (!legal.matcher(v).matches()) {
            throw new TmcdFormatException("bad " + key + " value");
        }
        return v;
    }

    private static int version(String digits) {
        try {
            return Integer.parseInt(digits.startsWith("+") ? digits.substring(1) : digits);
        } catch (NumberFormatException overflow) {
            return digits.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }
}
