package org.frisbeegw.wire;

/**
 * Picks the dialect we answer a peer in, from what the peer sent. No I/O.
 * For the master server the rule is simple: a reply mirrors the request's version, and V01 is
 * the only version that exists (spec master-server.md §10), so anything else is refused.
 */
public final class Dialects {
    private Dialects() {
    }

    /**
     * The master-server version a header's four version bytes select; replies are sent in the
     * same version. Unknown bytes are refused (the 2022 C server closes without a reply too).
     */
    public static MasterVersion masterVersion(byte[] headerVersion) throws MalformedMessageException {
        return MasterVersion.of(headerVersion).orElseThrow(() -> new MalformedMessageException(
                MalformedMessageException.Reason.BAD_VERSION, "unsupported version bytes " + hex(headerVersion)));
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
