package org.frisbeegw.gateway.emulab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.frisbeegw.gateway.auth.AuthDecision;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "emulab" configuration (master-server.md §4, §7.3): the host is known by its control IP,
 * must be allocated, and may use an image through an explicit grant, a global image, or its
 * experiment's project and group. Three kinds of proxy are allowed: the boss itself, an inner
 * boss for nodes of its experiment, a sub-boss for the nodes it serves. An unknown image is
 * NOIMAGE (the C daemon aborted); a DB failure is FAILED and the next request tries again.
 */
public final class EmulabDbAuthorizer implements Authorizer {
    private static final Logger log = LoggerFactory.getLogger(EmulabDbAuthorizer.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]+");
    private static final long DEFAULT_MAX_UPLOAD = 10_000_000_000L;
    private static final Duration DEFAULT_UPLOAD_TIME = Duration.ofSeconds(2000);
    /** The boss itself: exactly 127.0.0.1, as mfrisbeed's localhost listener (not all of 127/8). */
    private static final InetAddress LOCALHOST = Ipv4.toAddress(0x7F000001);

    private final EmulabDatabase db;
    private final EmulabPolicy policy;

    public EmulabDbAuthorizer(EmulabDatabase db, EmulabPolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    @Override
    public AuthDecision authorizeGet(int hostIp, InetAddress caller, String imageId) {
        return authorize(hostIp, caller, imageId, false);
    }

    @Override
    public AuthDecision authorizePut(int hostIp, InetAddress caller, String imageId) {
        return authorize(hostIp, caller, imageId, true);
    }

    private AuthDecision authorize(int hostIp, InetAddress caller, String imageId, boolean put) {
        try {
            return db.withConnection(c -> decide(new EmulabQueries(c), hostIp, caller, imageId, put));
        } catch (SQLException e) {
            log.warn("database error deciding {} for {}: {}", imageId, caller.getHostAddress(), e.getMessage());
            return new AuthDecision.Denied(MsError.FAILED, "database error");
        }
    }

    private AuthDecision decide(EmulabQueries q, int hostIp, InetAddress caller, String imageId, boolean put)
            throws SQLException {
        int callerIp = Ipv4.toInt(caller);
        int host = hostIp != 0 ? hostIp : callerIp;
        if (host != callerIp && !mayProxy(q, caller, Ipv4.format(host))) {
            return new AuthDecision.Denied(MsError.FAILED, caller.getHostAddress() + " may not ask for " + Ipv4.format(host));
        }
        Optional<String> node = q.nodeByControlIp(Ipv4.format(host));
        if (node.isEmpty()) {
            return new AuthDecision.Denied(MsError.NOHOST, "no node has control IP " + Ipv4.format(host));
        }
        Optional<NodeContext> ctx = q.reservation(node.get());
        if (ctx.isEmpty()) {
            return new AuthDecision.Denied(MsError.NOACCESS, node.get() + " is free");
        }
        return decideImage(q, ctx.get(), imageId, put);
    }

    private AuthDecision decideImage(EmulabQueries q, NodeContext ctx, String imageId, boolean put) throws SQLException {
        if (imageId.startsWith("/")) {
            return new AuthDecision.Denied(MsError.FAILED, "file-path image ids are not served by this gateway");
        }
        int slash = imageId.indexOf('/');
        String pid = slash < 0 ? "emulab-ops" : imageId.substring(0, slash);
        String name = slash < 0 ? imageId : imageId.substring(slash + 1);
        if (!NAME.matcher(pid).matches() || !NAME.matcher(name).matches()) {
            return new AuthDecision.Denied(MsError.FAILED, "bad image id " + imageId);
        }
        List<EmulabImage> found = q.images(pid, name);
        if (found.isEmpty()) {
            return new AuthDecision.Denied(MsError.NOIMAGE, "no image " + pid + "/" + name);
        }
        if (found.size() > 1) {
            return new AuthDecision.Denied(MsError.INVALID, "more than one image " + pid + "/" + name);
        }
        EmulabImage image = found.get(0);
        if (image.path() == null || image.path().isEmpty()) {
            return new AuthDecision.Denied(MsError.INVALID, "image " + imageId + " has no path");
        }
        boolean standard = Path.of(image.path()).normalize().startsWith(policy.standardImages());
        if (!allowed(q, ctx, image, put, standard)) {
            return new AuthDecision.Denied(MsError.NOACCESS, ctx.nodeId() + " (" + ctx.pid() + "/" + ctx.gid()
                    + ") may not " + (put ? "write " : "use ") + pid + "/" + name);
        }
        return new AuthDecision.Allowed(record(q, imageId, image, standard));
    }

    private boolean allowed(EmulabQueries q, NodeContext ctx, EmulabImage image, boolean put, boolean standard)
            throws SQLException {
        if (put && standard) {
            return false; // standard images are never writable through the master server
        }
        if (q.permissionGranted(image.imageId(), ctx.swapperIdx(), put)) {
            return true;
        }
        boolean sameProject = image.pid().equals(ctx.pid());
        if (put) {
            return sameProject && (image.gid().equals(ctx.gid()) || image.gid().equals(image.pid()) && image.shared());
        }
        return image.global() || sameProject && (image.gid().equals(ctx.gid()) || image.shared());
    }

    private ImageRecord record(EmulabQueries q, String imageId, EmulabImage image, boolean standard) throws SQLException {
        String rate = q.siteVariable(standard ? "images/frisbee/maxrate_std" : "images/frisbee/maxrate_usr")
                .orElse(standard ? "72000000" : "54000000");
        List<String> args = new ArrayList<>(List.of("-W", rate));
        if (policy.innerElab()) {
            args.addAll(List.of("-K", "15"));
        }
        long maxUpload = q.siteVariable("images/create/maxsize").map(gb -> Long.parseLong(gb.trim()) << 30)
                .orElse(DEFAULT_MAX_UPLOAD);
        Duration uploadTime = q.siteVariable("images/create/maxwait")
                .map(min -> Duration.ofMinutes(Long.parseLong(min.trim()))).orElse(DEFAULT_UPLOAD_TIME);
        return new ImageRecord(imageId, Path.of(image.path()), TransferMethods.UNICAST | TransferMethods.MULTICAST,
                Duration.ofSeconds(policy.innerElab() ? 60 : 1800), args, maxUpload, uploadTime);
    }

    /** The three proxies of master-server.md §4: the boss, an inner boss, a frisbee sub-boss. */
    private boolean mayProxy(EmulabQueries q, InetAddress caller, String hostIp) throws SQLException {
        if (caller.equals(LOCALHOST) || policy.trustedProxies().contains(caller)) {
            return true;
        }
        Optional<String> proxyNode = q.nodeByControlIp(caller.getHostAddress());
        Optional<String> hostNode = q.nodeByControlIp(hostIp);
        if (proxyNode.isEmpty() || hostNode.isEmpty()) {
            return false;
        }
        Optional<NodeContext> proxy = q.reservation(proxyNode.get());
        if (proxy.isEmpty()) {
            return false; // a free node proxies for nobody
        }
        NodeContext p = proxy.get();
        if (p.innerElabRole() != null && p.innerElabRole().startsWith("boss")) {
            Optional<NodeContext> host = q.reservation(hostNode.get());
            return host.isPresent() && host.get().pid().equals(p.pid()) && host.get().eid().equals(p.eid());
        }
        return "subboss".equals(p.erole()) && q.servesAsFrisbeeSubboss(p.nodeId(), hostNode.get());
    }
}
