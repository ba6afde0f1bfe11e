package org.frisbeegw.xmlrpc;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authority from a text file, for sites without the DB and for tests. Lines ('#' comments):
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
    private final Map<String, Map<String, String>> nodes = new HashMap<>();
    private final Map<String, String> images = new HashMap<>();
    private final Optional<String> noLogins;

    public FileElabAuthority(Path file) throws IOException {
        String nologin = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String content = line.replaceFirst("#.*", "").trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] w = content.split("\\s+", 3);
            switch (w[0]) {
                case "node" -> nodes.put(w[1], keyValues(w.length > 2 ? w[2] : ""));
                case "image" -> images.put(w[1], w[2]);
                case "nologins" -> nologin = content.substring("nologins".length()).trim();
                default -> throw new IOException(file + ": unknown line kind '" + w[0] + "'");
            }
        }
        this.noLogins = Optional.ofNullable(nologin);
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
        return noLogins;
    }

    @Override
    public Verdict verifyCaller(Caller caller) {
        String ip = caller.peer().getHostAddress();
        Map<String, String> n = nodes.get(ip);
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
        return Optional.ofNullable(images.get(numericImageId));
    }

    @Override
    public boolean mayLoadImages(Caller caller, ActingNode node) {
        if (caller.certificateUser().isEmpty()) {
            return true;
        }
        Map<String, String> n = nodes.get(node.controlIp().getHostAddress());
        String loaders = n.getOrDefault("loaders", n.getOrDefault("creator", ""));
        return List.of(loaders.split(",")).contains(caller.certificateUser().get());
    }
}
