package org.frisbeegw.gateway.emulab;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.frisbeegw.tmcd.reload.DiskAttributes;
import org.frisbeegw.tmcd.reload.NodeReloads;
import org.frisbeegw.tmcd.reload.ReloadInfoException;
import org.frisbeegw.tmcd.reload.ReloadInfoSource;
import org.frisbeegw.tmcd.reload.ReloadRow;

/**
 * loadinfo's data from the Emulab DB, as tmcd's doloadinfo reads it (legacy-tmcd.md §2.1):
 * current_reloads in idx order joined to images, os_info, projects and groups; the disk and
 * firmware attributes (a non-empty node value over the type value); the frisbee server (the
 * node's sub-boss, else the boss).
 */
public final class DbReloadInfoSource implements ReloadInfoSource {
    private static final String ROWS = "SELECT i.loadpart, o.OS, r.mustwipe, i.mbr_version, i.access_key, i.imageid,"
            + " r.prepare, i.imagename, p.pid, g.gid, i.path FROM current_reloads r"
            + " LEFT JOIN images i ON i.imageid = r.image_id LEFT JOIN os_info o ON o.osid = i.default_osid"
            + " LEFT JOIN projects p ON p.pid_idx = i.pid_idx LEFT JOIN `groups` g ON g.gid_idx = i.gid_idx"
            + " WHERE r.node_id = ? ORDER BY r.idx";
    private static final String ATTRIBUTES = "SELECT t.attrkey, t.attrvalue, a.attrvalue FROM node_type_attributes t"
            + " LEFT JOIN node_attributes a ON a.node_id = ? AND a.attrkey = t.attrkey WHERE t.type = ?"
            + " AND t.attrkey IN ('bootdisk_unit', 'disktype', 'use_acpi', 'use_asf', 'no_clflush')";
    private static final String NODE = "SELECT n.type, COALESCE(t.isremotenode, 0) FROM nodes n"
            + " LEFT JOIN node_types t ON t.type = n.type WHERE n.node_id = ?";

    private final EmulabDatabase db;
    private final String bossIp;

    public DbReloadInfoSource(EmulabDatabase db, String bossIp) {
        this.db = db;
        this.bossIp = bossIp;
    }

    @Override
    public Optional<NodeReloads> lookup(InetAddress controlIp) throws ReloadInfoException {
        try {
            return db.withConnection(c -> read(c, controlIp.getHostAddress()));
        } catch (SQLException e) {
            throw new ReloadInfoException("database error: " + e.getMessage(), e);
        }
    }

    private Optional<NodeReloads> read(Connection c, String ip) throws SQLException {
        EmulabQueries q = new EmulabQueries(c);
        Optional<String> node = q.nodeByControlIp(ip);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String type = "";
        boolean remote = false;
        try (PreparedStatement ps = c.prepareStatement(NODE)) {
            ps.setString(1, node.get());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    type = rs.getString(1);
                    remote = rs.getInt(2) != 0;
                }
            }
        }
        return Optional.of(new NodeReloads(node.get(), !remote, rows(c, node.get()), attributes(c, node.get(), type),
                q.frisbeeSubbossIp(node.get()).orElse(bossIp)));
    }

    private static List<ReloadRow> rows(Connection c, String node) throws SQLException {
        List<ReloadRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ROWS)) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ReloadRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        }
        return rows;
    }

    private static DiskAttributes attributes(Connection c, String node, String type) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(ATTRIBUTES)) {
            ps.setString(1, node);
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String nodeValue = rs.getString(3);
                    values.put(rs.getString(1), nodeValue != null && !nodeValue.isEmpty() ? nodeValue : rs.getString(2));
                }
            }
        }
        DiskAttributes d = DiskAttributes.DEFAULTS;
        return new DiskAttributes(values.getOrDefault("disktype", d.diskType()),
                values.getOrDefault("bootdisk_unit", d.bootDiskUnit()), values.getOrDefault("use_acpi", d.useAcpi()),
                values.getOrDefault("use_asf", d.useAsf()), values.getOrDefault("no_clflush", d.noClflush()));
    }
}
