package org.frisbeegw.gateway.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.gateway.images.ConfinedFiles;
import org.frisbeegw.gateway.images.ImageNames;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.TransferMethods;

/**
 * Which journal entries may be resumed: only what this gateway could have started itself, judged
 * as strictly as a request. The image must be a regular file whose real path lies inside a root;
 * the id must be a legal image id; method, addresses and port must fit the address plan; the
 * timeout and the extra arguments must look like ours. Anything else was forged or is stale.
 */
public final class JournalEntryCheck implements ServerJournal.EntryCheck {
    private static final Duration LONGEST_TIMEOUT = Duration.ofDays(366);
    private static final Pattern ARG = Pattern.compile("[-A-Za-z0-9_.=:,]{1,64}");
    private static final int MAX_ARGS = 32;

    private final List<Path> roots;
    private final AddressPlan plan;

    public JournalEntryCheck(List<Path> roots, AddressPlan plan) {
        this.roots = List.copyOf(roots);
        this.plan = plan;
    }

    @Override
    public String problem(ServerJournal.Entry e) {
        String addressing = addressing(e);
        if (addressing != null) {
            return addressing;
        }
        if (e.timeout().isNegative() || e.timeout().compareTo(LONGEST_TIMEOUT) > 0) {
            return "timeout " + e.timeout().toSeconds() + " s out of range";
        }
        String idProblem = ImageNames.problem(e.imageId());
        if (idProblem != null) {
            return "image id: " + idProblem;
        }
        if (e.args().size() > MAX_ARGS || !e.args().stream().allMatch(a -> ARG.matcher(a).matches())) {
            return "server arguments " + e.args() + " are not ours";
        }
        return imageProblem(e.image());
    }

    private String addressing(ServerJournal.Entry e) {
        int first = plan.portBase();
        int last = first + (plan.portCount() > 0 ? plan.portCount() : 0x8000) - 1;
        if (e.port() < first || e.port() > last) {
            return "port " + e.port() + " outside the address plan (" + first + "-" + last + ")";
        }
        if (e.servAddr() == 0 || Ipv4.isMulticast(e.servAddr()) || e.servAddr() == -1) {
            return "servaddr " + Ipv4.format(e.servAddr()) + " is not a host address";
        }
        return switch (e.method()) {
            case TransferMethods.MULTICAST -> Ipv4.isMulticast(e.addr()) && e.addr() == e.destination()
                    && (e.addr() >>> 24) == plan.baseA() ? null : "group " + Ipv4.format(e.addr()) + " not in the plan";
            case TransferMethods.UNICAST -> e.addr() == e.servAddr() && e.destination() != 0
                    && !Ipv4.isMulticast(e.destination()) && e.destination() != -1 ? null
                    : "unicast addresses " + Ipv4.format(e.addr()) + " -> " + Ipv4.format(e.destination()) + " inconsistent";
            case TransferMethods.BROADCAST -> e.addr() == -1 && e.destination() == -1 ? null
                    : "broadcast stream to " + Ipv4.format(e.destination());
            default -> "method " + e.method() + " unknown";
        };
    }

    private String imageProblem(Path image) {
        if (!image.isAbsolute() || !image.normalize().equals(image)) {
            return "image path " + image + " is not absolute and normal";
        }
        try {
            Path real = image.toRealPath();
            if (ConfinedFiles.rootOf(real, roots).isEmpty()) {
                return "image " + image + " is outside the image roots";
            }
            return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? null : "image " + image + " is not a regular file";
        } catch (IOException e) {
            return "image " + image + ": " + e.getMessage();
        }
    }
}
