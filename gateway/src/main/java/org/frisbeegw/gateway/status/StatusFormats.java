package org.frisbeegw.gateway.status;

import java.util.Locale;
import java.util.Map;
import org.frisbeegw.gateway.service.RecentRequests;
import org.frisbeegw.wire.Printable;

/** The status page as plain text, JSON, or Prometheus exposition text. */
final class StatusFormats {
    private StatusFormats() {
    }

    static String text(StatusSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append("frisbee gateway, up ").append(s.uptime().toSeconds()).append(" s\n");
        s.pair().ifPresent(p -> b.append(String.format(Locale.ROOT, "pair: %s is %s, epoch %d (%s)%n", safe(p.member()),
                p.role(), p.epoch(), safe(p.why()))));
        b.append(String.format(Locale.ROOT, "requests: %d GET, %d status GET, %d PUT%n", s.counters().gets(),
                s.counters().statusGets(), s.counters().puts()));
        b.append("image servers: ").append(s.servers().size()).append('\n');
        for (StatusSnapshot.Server v : s.servers()) {
            b.append(String.format(Locale.ROOT, "  %s %s %s:%d from %s, %d s, clients %d, blocks sent %d%n", safe(v.imageId()),
                    v.method(), v.address(), v.port(), v.servAddr(), v.ageSeconds(), v.clients(), v.blocksSent()));
            for (StatusSnapshot.Client c : v.clientRows()) {
                b.append(String.format(Locale.ROOT, "    client %s id %d %s%n", c.address(), c.id(), c.active() ? "joined"
                        : "left after " + c.elapsedSeconds() + " s, " + c.bytesWritten() + " bytes, " + c.reRequests()
                        + " re-requests"));
            }
        }
        b.append(String.format(Locale.ROOT, "traffic: %d blocks, %d bytes sent, %d joins, %d packets dropped%n",
                s.traffic().blocksSent(), s.traffic().bytesSent(), s.traffic().joins(), s.traffic().droppedPackets()));
        b.append("fetches from parent: ").append(s.fetches().size()).append('\n');
        for (StatusSnapshot.Fetch f : s.fetches()) {
            b.append(String.format(Locale.ROOT, "  %s %d of %d bytes%n", safe(f.imageId()), f.bytesDone(), f.bytesTotal()));
        }
        b.append("uploads in progress: ").append(s.uploads().size()).append('\n');
        for (StatusSnapshot.Upload u : s.uploads()) {
            b.append(String.format(Locale.ROOT, "  %s from %s: %d of %d bytes%n", safe(u.imageId()), u.client(),
                    u.bytesReceived(), u.bytesExpected()));
        }
        b.append("recent requests:\n");
        for (RecentRequests.Entry e : s.recent()) {
            b.append(String.format(Locale.ROOT, "  %s %s %s %s -> %s: %s%n", e.at(), safe(e.caller()), e.operation(),
                    safe(e.imageId()), e.outcome(), safe(e.why())));
        }
        return b.toString();
    }

    private static String pairJson(StatusSnapshot.Pair p) {
        return "{\"member\":" + str(p.member()) + ",\"role\":" + str(p.role()) + ",\"epoch\":" + p.epoch()
                + ",\"why\":" + str(p.why()) + "}";
    }

    static String json(StatusSnapshot s) {
        StringBuilder b = new StringBuilder("{");
        b.append("\"uptimeSeconds\":").append(s.uptime().toSeconds());
        s.pair().ifPresent(p -> b.append(",\"pair\":").append(pairJson(p)));
        b.append(",\"counters\":{\"gets\":").append(s.counters().gets()).append(",\"statusGets\":")
                .append(s.counters().statusGets()).append(",\"puts\":").append(s.counters().puts()).append('}');
        b.append(",\"outcomes\":{");
        String osep = "";
        for (Map.Entry<String, Long> o : s.counters().outcomes().entrySet()) {
            b.append(osep).append(str(o.getKey())).append(':').append(o.getValue());
            osep = ",";
        }
        b.append("},\"refusedConnections\":").append(s.refusedConnections());
        b.append(",\"servers\":[");
        String sep = "";
        for (StatusSnapshot.Server v : s.servers()) {
            b.append(sep).append("{\"image\":").append(str(v.imageId())).append(",\"method\":").append(str(v.method()))
                    .append(",\"address\":").append(str(v.address())).append(",\"port\":").append(v.port())
                    .append(",\"servaddr\":").append(str(v.servAddr())).append(",\"ageSeconds\":").append(v.ageSeconds())
                    .append(",\"clients\":").append(v.clients()).append(",\"blocksSent\":").append(v.blocksSent())
                    .append(",\"bytesSent\":").append(v.bytesSent()).append(",\"clientRows\":[");
            String csep = "";
            for (StatusSnapshot.Client c : v.clientRows()) {
                b.append(csep).append("{\"address\":").append(str(c.address())).append(",\"id\":").append(c.id())
                        .append(",\"active\":").append(c.active()).append(",\"elapsedSeconds\":").append(c.elapsedSeconds())
                        .append(",\"bytesWritten\":").append(c.bytesWritten()).append(",\"reRequests\":")
                        .append(c.reRequests()).append(",\"duplicateBlocks\":").append(c.duplicateBlocks()).append('}');
                csep = ",";
            }
            b.append("]}");
            sep = ",";
        }
        b.append("],\"traffic\":{\"blocksSent\":").append(s.traffic().blocksSent()).append(",\"bytesSent\":")
                .append(s.traffic().bytesSent()).append(",\"joins\":").append(s.traffic().joins())
                .append(",\"droppedPackets\":").append(s.traffic().droppedPackets()).append('}');
        b.append(",\"fetches\":[");
        sep = "";
        for (StatusSnapshot.Fetch f : s.fetches()) {
            b.append(sep).append("{\"image\":").append(str(f.imageId())).append(",\"bytesDone\":").append(f.bytesDone())
                    .append(",\"bytesTotal\":").append(f.bytesTotal()).append('}');
            sep = ",";
        }
        b.append("],\"uploads\":[");
        sep = "";
        for (StatusSnapshot.Upload u : s.uploads()) {
            b.append(sep).append("{\"image\":").append(str(u.imageId())).append(",\"client\":").append(str(u.client()))
                    .append(",\"bytesReceived\":").append(u.bytesReceived()).append(",\"bytesExpected\":")
                    .append(u.bytesExpected()).append('}');
            sep = ",";
        }
        b.append("],\"recent\":[");
        sep = "";
        for (RecentRequests.Entry e : s.recent()) {
            b.append(sep).append("{\"at\":").append(str(e.at().toString())).append(",\"caller\":").append(str(e.caller()))
                    .append(",\"op\":").append(str(e.operation())).append(",\"image\":").append(str(e.imageId()))
                    .append(",\"outcome\":").append(str(e.outcome())).append(",\"why\":").append(str(e.why())).append('}');
            sep = ",";
        }
        return b.append("]}").toString();
    }

    /** Image ids and reasons come from the network: no control characters onto the page. */
    private static String safe(String s) {
        return Printable.escape(s);
    }

    private static String str(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (v == null ? "" : v).toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
