package org.frisbeegw.tmcd.reload;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.frisbeegw.helper.BoundedLines;
import org.frisbeegw.helper.ReloadableFile;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reload information from a text file, re-read when its size or modification time changes (the
 * new contents replace the old in one step). Lines ('#' starts a comment):
 * <pre>
 * node   pc1 ip=10.1.0.1 [remote=1] [server=10.1.0.4] [disktype=ad] [unit=0] [acpi=..] [asf=..] [noclflush=..]
 * reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=FBSD73-STD part=1 os=FreeBSD
 *            [zfill=0] [mbrvers=1] [prepare=0] [access_key=..] [path=..]
 * </pre>
 * Reload lines are a node's current_reloads rows in idx order. {@code server} is the frisbee
 * sub-boss's control IP; without it the boss IP given at construction is used.
 */
public final class FileReloadInfoSource implements ReloadInfoSource {
    private static final Logger log = LoggerFactory.getLogger(FileReloadInfoSource.class);

    private final Path file;
    private final String bossIp;
    private ReloadableFile<Map<String, NodeReloads>> byIp;

    public FileReloadInfoSource(Path file, String bossIp) {
        this.file = file;
        this.bossIp = bossIp;
    }

    @Override
    public synchronized Optional<NodeReloads> lookup(InetAddress controlIp) throws ReloadInfoException {
        if (byIp == null) {
            try {
                byIp = new ReloadableFile<>(file, this::parse);
            } catch (IOException e) {
                throw new ReloadInfoException("cannot read reload info " + file + ": " + e.getMessage(), e);
            }
        }
        return Optional.ofNullable(byIp.current().get(controlIp.getHostAddress()));
    }

    /**
     * The file's nodes by control IP. A bad line (malformed, unknown kind, bad value) is logged
     * with its file and line number and skipped; every other line still counts.
     */
    private Map<String, NodeReloads> parse(BoundedLines lines, String name) throws IOException {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        Map<String, List<ReloadRow>> rows = new HashMap<>();
        lines.forEachEntry(name, log, (where, content) -> {
            try {
                String[] words = content.split("\\s+");
                if (words.length < 2) {
                    throw new IllegalArgumentException("too short");
                }
                Map<String, String> kv = keyValues(words);
                switch (words[0]) {
                    case "node" -> {
                        Ipv4.parse(required(kv, "ip"));
                        if (kv.containsKey("server")) {
                            Ipv4.parse(kv.get("server"));
                        }
                        nodes.put(words[1], kv);
                    }
                    case "reload" -> rows.computeIfAbsent(words[1], n -> new ArrayList<>()).add(row(kv));
                    default -> throw new IllegalArgumentException("unknown line kind '" + words[0] + "'");
                }
            } catch (IllegalArgumentException e) {
                log.warn("{}: {}; line skipped", where, Printable.escape(e.getMessage()));
            }
        });
        Map<String, NodeReloads> result = new HashMap<>();
        nodes.forEach((id, kv) -> {
            DiskAttributes d = DiskAttributes.DEFAULTS;
            DiskAttributes disk = new DiskAttributes(kv.getOrDefault("disktype", d.diskType()), kv.getOrDefault("unit",
                    d.bootDiskUnit()), kv.getOrDefault("acpi", d.useAcpi()), kv.getOrDefault("asf", d.useAsf()),
                    kv.getOrDefault("noclflush", d.noClflush()));
            result.put(kv.get("ip"), new NodeReloads(id, !"1".equals(kv.get("remote")), rows.getOrDefault(id, List.of()),
                    disk, kv.getOrDefault("server", bossIp)));
        });
        return result;
    }

    private static ReloadRow row(Map<String, String> kv) {
        String imageId = required(kv, "imageid");
        if (!imageId.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("imageid '" + imageId + "' is not a number");
        }
        return new ReloadRow(kv.get("part"), kv.get("os"), kv.getOrDefault("zfill", "0"), kv.get("mbrvers"),
                kv.get("access_key"), Integer.parseInt(imageId), kv.getOrDefault("prepare", "0"),
                kv.get("name"), kv.get("pid"), kv.get("gid"), kv.get("path"));
    }

    private static Map<String, String> keyValues(String[] words) {
        Map<String, String> kv = new HashMap<>();
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + words[i] + "'");
            }
            kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return kv;
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }
}
