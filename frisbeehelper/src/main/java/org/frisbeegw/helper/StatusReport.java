package org.frisbeegw.helper;

import java.util.ArrayList;
import java.util.List;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.Signature;

/** The lines {@code frisbee -Q} prints for a GET reply (master-server.md §8), which scripts parse. */
public final class StatusReport {
    private StatusReport() {
    }

    public static List<String> lines(String imageId, GetReply reply) {
        List<String> lines = new ArrayList<>();
        lines.add("imageid=" + imageId);
        lines.add("error=" + reply.error());
        if (reply.error() != 0) {
            return lines;
        }
        lines.add(String.format("method=0x%x", reply.method()));
        lines.add("size=" + Long.toUnsignedString(reply.size()));
        lines.add(String.format("sigtype=0x%x", reply.signature().type()));
        lines.add("sig=" + signature(reply.signature()));
        lines.add("running=" + (reply.running() ? 1 : 0));
        if (reply.running()) {
            lines.add("servaddr=" + Ipv4.format(reply.servAddr()));
            lines.add("addr=" + Ipv4.format(reply.addr()));
            lines.add("port=" + reply.port());
        }
        return lines;
    }

    /** The C client's line after a successful GET: {@code <id>: address: <addr>:<port>, server: <servaddr>}. */
    public static String addressLine(String imageId, GetReply reply) {
        return imageId + ": address: " + Ipv4.format(reply.addr()) + ":" + reply.port() + ", server: "
                + Ipv4.format(reply.servAddr());
    }

    /** The C client's line for an error reply: {@code <id>: server returned error: <text>}. */
    public static String errorLine(String imageId, GetReply reply) {
        return imageId + ": server returned error: " + MsError.describe(reply.error());
    }

    private static String signature(Signature sig) {
        int length = switch (sig.type()) {
            case Signature.TYPE_MD5 -> 16;
            case Signature.TYPE_SHA1 -> 20;
            default -> 0;
        };
        if (length == 0) {
            return String.format("0x%x", sig.mtimeSeconds());
        }
        StringBuilder sb = new StringBuilder("0x");
        byte[] b = sig.bytes();
        for (int i = 0; i < length; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
