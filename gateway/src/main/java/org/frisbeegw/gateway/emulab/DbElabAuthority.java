package org.frisbeegw.gateway.emulab;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.xmlrpc.Caller;
import org.frisbeegw.xmlrpc.ElabAuthority;
import org.frisbeegw.xmlrpc.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XML-RPC shim's questions answered from the Emulab DB (xmlrpc-elabinelab.md §4.1):
 * verifystuff by the peer's control IP, the image index, and LOADIMAGE trust (local_root in the
 * experiment's group, group_root or project_root in the project, or admin). A DB error answers
 * RESPONSE_ERROR rather than letting a caller through.
 */
public final class DbElabAuthority implements ElabAuthority {
    private static final Logger log = LoggerFactory.getLogger(DbElabAuthority.class);
    private static final List<String> BOSS_ROLES = List.of("boss", "boss+router", "boss+fs+router");
    private static final List<String> LOADERS = List.of("local_root", "group_root", "project_root");

    private final EmulabDatabase db;

    public DbElabAuthority(EmulabDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<String> loginsRefused() {
        try {
            return db.withConnection(c -> {
                EmulabQueries q = new EmulabQueries(c);
                boolean off = q.siteVariable("web/nologins").map(v -> !v.trim().equals("0") && !v.isBlank()).orElse(false);
                return off ? Optional.of(q.siteVariable("web/message").orElse("Logins are disabled")) : Optional.empty();
            });
        } catch (SQLException e) {
            log.warn("database error reading web/nologins: {}", e.getMessage());
            return Optional.of("Temporary database error; try again later");
        }
    }

    @Override
    public Verdict verifyCaller(Caller caller) {
        String ip = caller.peer().getHostAddress();
        try {
            return db.withConnection(c -> {
                EmulabQueries q = new EmulabQueries(c);
                Optional<String> node = q.nodeByControlIp(ip);
                if (node.isEmpty()) {
                    return new Refusal(Envelope.ERROR, "No such node for IP: " + ip);
                }
                Optional<NodeContext> ctx = q.reservation(node.get());
                if (ctx.isEmpty()) {
                    return new Refusal(Envelope.ERROR, "Node is not reserved: " + node.get());
                }
                NodeContext x = ctx.get();
                String experiment = x.pid() + "/" + x.eid();
                if (!x.elabInElab()) {
                    return new Refusal(Envelope.FORBIDDEN, "Not an elabinelab experiment: " + experiment);
                }
                if (!List.of("active", "activating").contains(x.state())) {
                    return new Refusal(Envelope.ERROR, "Experiment is not active: " + experiment);
                }
                if (caller.certificateUser().isPresent() && !caller.certificateUser().get().equals(x.creator())) {
                    return new Refusal(Envelope.FORBIDDEN, "Must be creator to access elabinelab method for " + experiment);
                }
                if (x.innerElabRole() == null || !BOSS_ROLES.contains(x.innerElabRole())) {
                    return new Refusal(Envelope.FORBIDDEN, "Must be boss node accessing elabinelab method for " + experiment);
                }
                return new ActingNode(node.get(), caller.peer());
            });
        } catch (SQLException e) {
            log.warn("database error verifying {}: {}", ip, e.getMessage());
            return new Refusal(Envelope.ERROR, "Temporary database error; try again later");
        }
    }

    @Override
    public Optional<String> imageName(String numericImageId) {
        try {
            int id = Integer.parseInt(numericImageId);
            return db.withConnection(c -> new EmulabQueries(c).imageByIndex(id).map(i -> i.pid() + "/" + i.name()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (SQLException e) {
            log.warn("database error resolving image {}: {}", numericImageId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public boolean mayLoadImages(Caller caller, ActingNode node) {
        if (caller.certificateUser().isEmpty()) {
            return true; // plain HTTP: no user to check (the shim logs that it runs insecurely)
        }
        String user = caller.certificateUser().get();
        try {
            return db.withConnection(c -> {
                EmulabQueries q = new EmulabQueries(c);
                Optional<NodeContext> ctx = q.reservation(node.nodeId());
                if (ctx.isEmpty()) {
                    return false;
                }
                NodeContext x = ctx.get();
                return q.isAdmin(user) || q.trust(user, x.pid(), x.gid()).filter(LOADERS::contains).isPresent()
                        || q.trust(user, x.pid(), x.pid()).filter(t -> !t.equals("local_root") && LOADERS.contains(t)).isPresent();
            });
        } catch (SQLException e) {
            log.warn("database error checking {} on {}: {}", user, node.nodeId(), e.getMessage());
            return false;
        }
    }
}
