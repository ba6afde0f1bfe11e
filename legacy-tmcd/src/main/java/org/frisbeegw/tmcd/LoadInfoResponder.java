package org.frisbeegw.tmcd;

import java.net.InetAddress;
import java.util.Optional;
import org.frisbeegw.tmcd.reload.DiskAttributes;
import org.frisbeegw.tmcd.reload.NodeReloads;
import org.frisbeegw.tmcd.reload.ReloadRow;
import org.frisbeegw.wire.tmcd.LoadInfoDialect;
import org.frisbeegw.wire.tmcd.LoadInfoLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tmcd's {@code doloadinfo} for a local physical node (legacy-tmcd.md §2): one line per reload
 * row in idx order, shaped by the caller's dialect. Returns the reply text; "" means an empty
 * reply, tmcd's only way to say "error".
 */
public final class LoadInfoResponder {
    /** tmcd builds the reply in one buffer of this size; overflowing it empties the reply. */
    static final int MAX_REPLY = 2048;

    private static final Logger log = LoggerFactory.getLogger(LoadInfoResponder.class);

    private final StreamSource streams;

    public LoadInfoResponder(StreamSource streams) {
        this.streams = streams;
    }

    public String answer(int version, InetAddress nodeIp, NodeReloads node) {
        LoadInfoDialect dialect = LoadInfoDialect.forVersion(version);
        if (node.rows().isEmpty()) {
            return "";
        }
        if (node.rows().size() > 1 && !dialect.acceptsMultipleImages()) {
            log.info("{}: {} images for a VERSION={} MFS, need a newer MFS", node.nodeId(), node.rows().size(), version);
            return LoadInfoLine.NEWER_MFS_NEEDED;
        }
        StringBuilder reply = new StringBuilder();
        try {
            for (ReloadRow row : node.rows()) {
                Optional<LoadInfoLine> line = line(dialect, nodeIp, node, row);
                if (line.isEmpty()) {
                    reply.append(LoadInfoLine.NEWER_MFS_NEEDED);
                    break;
                }
                reply.append(line.get().format());
            }
        } catch (IllegalArgumentException e) {
            // A missing or unsafe value: tmcd would print "(null)" or garbage; we refuse the reply.
            log.warn("{}: loadinfo not answered, bad reload data: {}", node.nodeId(), e.getMessage());
            return "";
        }
        if (reply.length() > MAX_REPLY) {
            log.warn("{}: loadinfo reply of {} bytes overflows tmcd's buffer, answered empty", node.nodeId(), reply.length());
            return "";
        }
        return reply.toString();
    }

    /** Empty when the compat path could not get a stream. */
    private Optional<LoadInfoLine> line(LoadInfoDialect dialect, InetAddress nodeIp, NodeReloads node, ReloadRow row) {
        String addr;
        String server;
        Optional<LoadInfoLine.ImageName> imageId = Optional.empty();
        if (dialect.usesImageName()) {
            addr = "";
            server = node.frisbeeServer();
            imageId = Optional.of(new LoadInfoLine.ImageName(nonEmpty(row.pid(), "pid"), nonEmpty(row.gid(), "gid"),
                    nonEmpty(row.imageName(), "imagename")));
        } else {
            String masterId = nonEmpty(row.pid(), "pid") + "/" + nonEmpty(row.imageName(), "imagename");
            Optional<StreamSource.Stream> stream = streams.start(nodeIp, masterId);
            if (stream.isEmpty()) {
                return Optional.empty();
            }
            addr = stream.get().address() + ":" + stream.get().port();
            // Decision (spec §6.1): the stream's real source, which old clients must see as -S.
            server = stream.get().serverAddress();
        }
        DiskAttributes d = node.disk();
        return Optional.of(new LoadInfoLine(addr, nonEmpty(row.loadPart(), "loadpart"), nonEmpty(row.os(), "OS"),
                dialect.includesServer() ? Optional.ofNullable(server) : Optional.empty(), d.diskType() + d.bootDiskUnit(),
                zfill(row.mustWipe()), d.useAcpi(), row.mbrVersion() == null || row.mbrVersion().isEmpty() ? "1" : row.mbrVersion(),
                d.useAsf(), nonEmpty(row.prepare(), "prepare"), d.noClflush(), imageId));
    }

    private static String zfill(String mustWipe) {
        if (mustWipe == null || mustWipe.isEmpty()) {
            return "0";
        }
        return Integer.toString(Integer.parseInt(mustWipe.trim()));
    }

    private static String nonEmpty(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is NULL or empty");
        }
        return value;
    }
}
