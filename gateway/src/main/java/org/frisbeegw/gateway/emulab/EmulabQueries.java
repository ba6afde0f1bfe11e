package org.frisbeegw.gateway.emulab;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every read the gateway makes of the Emulab DB, with the intent of master-server.md §4/§7.3,
 * legacy-tmcd.md §2.1 and xmlrpc-elabinelab.md §4. Read-only, parameterised, one place.
 */
public final class EmulabQueries {
    private final Connection c;

    public EmulabQueries(Connection c) {
        this.c = c;
    }

    /** The node whose control interface has this IP. */
    public Optional<String> nodeByControlIp(String ip) throws SQLException {
        return single("SELECT node_id FROM interfaces WHERE IP = ? AND role = 'ctrl'", ip);
    }

    /** The node's control IP. */
    public Optional<String> controlIp(String nodeId) throws SQLException {
        return single("SELECT IP FROM interfaces WHERE node_id = ? AND role = 'ctrl'", nodeId);
    }

    /** The node's reservation and experiment; empty when the node is free. */
    public Optional<NodeContext> reservation(String nodeId) throws SQLException {
        String sql = "SELECT r.pid, r.eid, e.gid, r.erole, r.inner_elab_role, e.swapper_idx, u.uid, e.expt_head_uid,"
                + " e.elab_in_elab, e.state FROM reserved r JOIN experiments e ON e.pid = r.pid AND e.eid = r.eid"
                + " LEFT JOIN users u ON u.uid_idx = e.swapper_idx WHERE r.node_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new NodeContext(nodeId, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                        rs.getInt(9) != 0, rs.getString(10)));
            }
        }
    }

    /** True if {@code subboss} is listed as the frisbee sub-boss of {@code node}. */
    public boolean servesAsFrisbeeSubboss(String subboss, String node) throws SQLException {
        return single("SELECT subboss_id FROM subbosses WHERE node_id = ? AND subboss_id = ? AND service = 'frisbee'",
                node, subboss).isPresent();
    }

    /** The control IP of the node's frisbee sub-boss, if it has one. */
    public Optional<String> frisbeeSubbossIp(String node) throws SQLException {
        return single("SELECT i.IP FROM subbosses s JOIN interfaces i ON i.node_id = s.subboss_id AND i.role = 'ctrl'"
                + " WHERE s.node_id = ? AND s.service = 'frisbee'", node);
    }

    /** Images with this project and name (more than one is the caller's INVALID). */
    public List<EmulabImage> images(String pid, String name) throws SQLException {
        return imagesWhere("pid = ? AND imagename = ?", pid, name);
    }

    public Optional<EmulabImage> imageByIndex(int imageId) throws SQLException {
        return imagesWhere("imageid = ?", Integer.toString(imageId)).stream().findFirst();
    }

    private List<EmulabImage> imagesWhere(String where, String... args) throws SQLException {
        String sql = "SELECT imageid, pid, gid, imagename, path, `global`, shared FROM images WHERE " + where;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<EmulabImage> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new EmulabImage(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6) != 0, rs.getInt(7) != 0));
                }
            }
            return result;
        }
    }

    /** An explicit grant to the user or to one of the user's groups (trust other than 'none'). */
    public boolean permissionGranted(int imageId, int uidIdx, boolean write) throws SQLException {
        String sql = "SELECT 1 FROM image_permissions p WHERE p.imageid = ?" + (write ? " AND p.allow_write = 1" : "")
                + " AND ((p.permission_type = 'user' AND p.permission_idx = ?) OR (p.permission_type = 'group'"
                + " AND p.permission_idx IN (SELECT m.gid_idx FROM group_membership m WHERE m.uid_idx = ? AND m.trust <> 'none')))";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, imageId);
            ps.setInt(2, uidIdx);
            ps.setInt(3, uidIdx);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The user's trust in a project/group, or empty if not a member. */
    public Optional<String> trust(String uid, String pid, String gid) throws SQLException {
        return single("SELECT m.trust FROM group_membership m JOIN `groups` g ON g.gid_idx = m.gid_idx"
                + " WHERE m.uid = ? AND g.pid = ? AND g.gid = ?", uid, pid, gid);
    }

    /** True for an active Emulab admin. */
    public boolean isAdmin(String uid) throws SQLException {
        return single("SELECT uid FROM users WHERE uid = ? AND admin = 1 AND status = 'active'", uid).isPresent();
    }

    /** A site variable's value, else its default. */
    public Optional<String> siteVariable(String name) throws SQLException {
        return single("SELECT COALESCE(`value`, defaultvalue) FROM sitevariables WHERE name = ?", name);
    }

    private Optional<String> single(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
