package org.frisbeegw.gateway.emulab;

/** An allocated node and its experiment: project, group, roles and the swapper (uid_idx, uid). */
public record NodeContext(String nodeId, String pid, String eid, String gid, String erole, String innerElabRole,
                          int swapperIdx, String swapperUid, String creator, boolean elabInElab, String state) {
}
