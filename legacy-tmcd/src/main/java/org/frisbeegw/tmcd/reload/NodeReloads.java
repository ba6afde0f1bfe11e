package org.frisbeegw.tmcd.reload;

import java.util.List;

/**
 * What loadinfo needs to know about one node: its id, whether it is local (not a remote/wide-area
 * node), its reload rows in current_reloads.idx order, its disk attributes, and the frisbee
 * server IP (its sub-boss's control IP, else the boss's).
 */
public record NodeReloads(String nodeId, boolean local, List<ReloadRow> rows, DiskAttributes disk, String frisbeeServer) {
    public NodeReloads {
        rows = List.copyOf(rows);
    }
}
