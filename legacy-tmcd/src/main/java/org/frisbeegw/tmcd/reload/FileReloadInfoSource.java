package org.frisbeegw.tmcd.reload;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reload information from a text file, re-read when it changes. Lines ('#' starts a comment):
 * <pre>
 * node   pc1 ip=10.1.0.1 [remote=1] [server=10.1.0.4] [disktype=ad] [unit=0] [acpi=..] [asf=..] [noclflush=..]
 * reload pc1 imageid=42 pid=emulab-ops gid=emulab-ops name=FBSD73-STD part=1 os=FreeBSD
 *            [zfill=0] [mbrvers=1] [prepare=0] [access_key=..] [path=..]
 * </pre>
 * Reload lines are a node's current_reloads rows in idx order. {@code server} is the frisbee
 * sub-boss's control IP; without it the boss IP given at construction is used.
 */
public final class FileReloadInfoSource implements ReloadInfoSource {
    private final Path file;
    private final String bossIp;
    private Map<String, NodeReloads> byIp = Map.of();
    private long loadedStamp = Long.MIN_VALUE;

    public FileReloadInfoSource(Path file, String bossIp) {
        this.file = file;
        this.bossIp = bossIp;
    }

    @Override
    public synchronized Optional<NodeReloads> lookup(InetAddress controlIp) throws ReloadInfoException {
        try {
            long stamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            if (stamp != loadedStamp) {
                byIp = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                loadedStamp = stamp;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ReloadInfoException("cannot read reload info " + file + ": " + e.getMessage(), e);
        }
        return Optional.ofNullable(byIp.get(controlIp.getHostAddress()));
    }

    private Map<String, NodeReloads> parse(List<String> lines) {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        Map<String, List<ReloadRow>> rows = new HashMap<>();
        for (String line : lines) {
            String content = line.replaceFirst("#.*", "").trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] words = content.split("\\s+");
            if (words.length < 2) {
                throw new IllegalArgumentException("too short: " + line);
            }
            Map<String, String> kv = keyValues(words);
            switch (words[0]) {
                case "node" -> nodes.put(words[1], kv);
                case "reload" -> rows.computeIfAbsent(words[1], n -> new ArrayList<>()).add(row(kv));
                default -> throw new IllegalArgumentException("unknown line kind '" + words[0] + "'");
            }
        }
        Map<String, NodeReloads> result = new HashMap<>();
        nodes.forEach((id, kv) -> {
            String ip = required(kv, "ip");
            DiskAttributes d = DiskAttributes.DEFAULTS;
            DiskAttributes disk = new DiskAttributes(kv.getOrDefault("disktype", d.diskType()), kv.getOrDefault("unit",
                    d.bootDiskUnit()), kv.getOrDefault("acpi", d.useAcpi()), kv.getOrDefault("asf", d.useAsf()),
                    kv.getOrDefault("noclflush", d.noClflush()));
            result.put(ip, new NodeReloads(id, !"1".equals(kv.get("remote")), rows.getOrDefault(id, List.of()), disk,
                    kv.getOrDefault("server", bossIp)));
        });
        return result;
    }

    private static ReloadRow row(Map<String, String> kv) {
        return new ReloadRow(kv.get("part"), kv.get("os"), kv.getOrDefault("zfill", "0"), kv.get("mbrvers"),
                kv.get("access_key"), Integer.parseInt(required(kv, "imageid")), kv.getOrDefault("prepare", "0"),
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
