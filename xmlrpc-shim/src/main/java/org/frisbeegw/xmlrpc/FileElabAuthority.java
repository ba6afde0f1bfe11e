package org.frisbeegw.xmlrpc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
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
 * The authority from a text file, for sites without the DB and for tests, read again when it
 * changes (size or modification time). Lines ('#' comments):
 * <pre>
 * node  10.1.0.5 id=pc5 experiment=testbed/elab1 creator=alice role=boss state=active elabinelab=1 [reserved=0] [loaders=alice,bob]
 * image 10012 testbed/TB-PRIVATE
 * nologins The testbed is down for maintenance
 * </pre>
 * {@code loaders} lists users with LOADIMAGE on the node (default: the creator). Without a
 * certificate (plain HTTP, test and loopback use only) the creator and loader checks cannot be
 * made and are skipped.
 */
public final class FileElabAuthority implements ElabAuthority {
    private static final Logger log = LoggerFactory.getLogger(FileElabAuthority.class);

    /** One reading of the file. */
    private record Contents(Map<String, Map<String, String>> nodes, Map<String, String> images,
                            Optional<String> noLogins) {
    }

    private final ReloadableFile<Contents> file;

    /** Reads the file now and again whenever it changes (so {@code nologins} needs no restart). */
    public FileElabAuthority(Path file) throws IOException {
        this.file = new ReloadableFile<>(file, FileElabAuthority::parse);
    }

    /** A bad line is logged with its file and line number and skipped; the others count. */
    private static Contents parse(BoundedLines lines, String name) throws IOException {
        Map<String, Map<String, String>> nodes = new HashMap<>();
        Map<String, String> images = new HashMap<>();
        String[] nologin = {null};
        lines.forEachEntry(name, log, (where, content) -> {
            String[] w = content.split("\\s+", 3);
            switch (w[0]) {
                case "node" -> {
                    if (w.length < 2 || !isIpv4(w[1])) {
                        log.warn("{}: node line without a dotted IPv4 address; line skipped", where);
                    } else {
                        nodes.put(w[1], keyValues(w.length > 2 ? w[2] : ""));
                    }
                }
                case "image" -> {
                    if (w.length < 3 || !w[1].matches("[0-9]{1,9}")) {
                        log.warn("{}: image line needs a numeric id and a pid/name; line skipped", where);
                    } else {
                        images.put(w[1], w[2]);
                    }
                }
                case "nologins" -> nologin[0] = content.substring("nologins".length()).trim();
                default -> log.warn("{}: unknown line kind '{}'; line skipped", where, Printable.escape(w[0]));
            }
        });
        return new Contents(nodes, images, Optional.ofNullable(nologin[0]));
    }

    private static boolean isIpv4(String s) {
        try {
            Ipv4.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String word : text.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                kv.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return kv;
    }

    @Override
    public Optional<String> loginsRefused() {
        return file.current().noLogins();
    }

    @Override
    public Verdict verifyCaller(Caller caller) {
        String ip = caller.peer().getHostAddress();
        Map<String, String> n = file.current().nodes().get(ip);
        if (n == null) {
            return new Refusal(Envelope.ERROR, "No such node for IP: " + ip);
        }
        String node = n.getOrDefault("id", ip);
        String experiment = n.getOrDefault("experiment", "");
        if ("0".equals(n.get("reserved"))) {
            return new Refusal(Envelope.ERROR, "Node is not reserved: " + node);
        }
        if (!"1".equals(n.get("elabinelab"))) {
            return new Refusal(Envelope.FORBIDDEN, "Not an elabinelab experiment: " + experiment);
        }
        if (!List.of("active", "activating").contains(n.getOrDefault("state", ""))) {
            return new Refusal(Envelope.ERROR, "Experiment is not active: " + experiment);
        }
        if (caller.certificateUser().isPresent() && !caller.certificateUser().get().equals(n.get("creator"))) {
            return new Refusal(Envelope.FORBIDDEN, "Must be creator to access elabinelab method for " + experiment);
        }
        if (!List.of("boss", "boss+router", "boss+fs+router").contains(n.getOrDefault("role", ""))) {
            return new Refusal(Envelope.FORBIDDEN, "Must be boss node accessing elabinelab method for " + experiment);
        }
        return new ActingNode(node, caller.peer());
    }

    @Override
    public Optional<String> imageName(String numericImageId) {
        return Optional.ofNullable(file.current().images().get(numericImageId));
    }

    @Override
    public boolean mayLoadImages(Caller caller, ActingNode node) {
        if (caller.certificateUser().isEmpty()) {
            return true;
        }
        Map<String, String> n = file.current().nodes().getOrDefault(node.controlIp().getHostAddress(), Map.of());
        String loaders = n.getOrDefault("loaders", n.getOrDefault("creator", ""));
        return List.of(loaders.split(",")).contains(caller.certificateUser().get());
    }
}
