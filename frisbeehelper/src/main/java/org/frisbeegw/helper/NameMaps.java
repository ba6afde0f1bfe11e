package org.frisbeegw.helper;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.frisbeegw.wire.Ipv4;

/**
 * What the helper would read from the Emulab DB, for sites (and tests) without one: a hosts map
 * ("nodeid ip" lines) and an images map ("imageid pid/name" lines); '#' starts a comment.
 * Without a hosts entry a node name is resolved through DNS, as the original does.
 */
final class NameMaps {
    private final Map<String, String> hosts;
    private final Map<String, String> images;

    private NameMaps(Map<String, String> hosts, Map<String, String> images) {
        this.hosts = hosts;
        this.images = images;
    }

    static NameMaps load(Optional<Path> hostsFile, Optional<Path> imagesFile) throws IOException {
        return new NameMaps(read(hostsFile), read(imagesFile));
    }

    private static Map<String, String> read(Optional<Path> file) throws IOException {
        Map<String, String> map = new HashMap<>();
        if (file.isEmpty()) {
            return map;
        }
        for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
            String content = line.replaceFirst("#.*", "").trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] f = content.split("\\s+");
            if (f.length != 2) {
                throw new IOException(file.get() + ": expected two fields in '" + line + "'");
            }
            map.put(f[0], f[1]);
        }
        return map;
    }

    /** The node's IPv4 control address as an int. */
    int nodeAddress(String node) throws HelperFailure {
        String mapped = hosts.get(node);
        try {
            if (mapped != null) {
                return Ipv4.parse(mapped);
            }
            for (InetAddress a : InetAddress.getAllByName(node)) {
                if (a instanceof Inet4Address) {
                    return Ipv4.toInt(a);
                }
            }
        } catch (UnknownHostException | IllegalArgumentException e) {
            // reported below
        }
        throw new HelperFailure(node + ": no such node");
    }

    /**
     * The master-server id of an image argument: a mapped (numeric) id becomes its "pid/name";
     * anything else (a pid/name, a file path) is used unchanged, as the original does for
     * arguments that are not images. ("pid,name" never gets here: the operand regex has no comma.)
     */
    String masterImageId(String argument) {
        return images.getOrDefault(argument, argument);
    }
}
