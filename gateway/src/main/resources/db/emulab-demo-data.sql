-- The spec's sample site (../shared/spec/emulab-db.md "Sample data"), used by the embedded
-- default and by the tests against H2 and MariaDB. Placeholders filled at load time:
-- ${IMAGE_ROOT} the site root (standard images in images/, project images in proj/<pid>/images/
-- as on a real boss), ${NET} the first three octets of the
-- control network (10.1.0 in the spec; the tests use 127.0.1 to reach it over loopback).
INSERT INTO projects (pid, pid_idx) VALUES ('emulab-ops', 1), ('testbed', 2);
INSERT INTO `groups` (pid, gid, pid_idx, gid_idx, unix_gid) VALUES
  ('emulab-ops', 'emulab-ops', 1, 1, 100), ('testbed', 'testbed', 2, 2, 200), ('testbed', 'alpha', 2, 3, 201);
INSERT INTO users (uid, uid_idx, unix_uid) VALUES ('alice', 10, 1010), ('bob', 11, 1011);
INSERT INTO group_membership (uid, uid_idx, gid_idx, pid_idx, trust) VALUES
  ('alice', 10, 2, 2, 'local_root'), ('alice', 10, 3, 2, 'local_root'), ('bob', 11, 1, 1, 'user');
INSERT INTO node_types (type, class, isremotenode) VALUES ('pc3000', 'pc', 0);
INSERT INTO nodes (node_id, type) VALUES ('pc1', 'pc3000'), ('pc2', 'pc3000'), ('pc3', 'pc3000'), ('pc4', 'pc3000'),
  ('pc5', 'pc3000'), ('pc6', 'pc3000');
INSERT INTO interfaces (node_id, card, IP, role) VALUES
  ('pc1', 0, '${NET}.1', 'ctrl'), ('pc2', 0, '${NET}.2', 'ctrl'), ('pc3', 0, '${NET}.3', 'ctrl'),
  ('pc4', 0, '${NET}.4', 'ctrl'), ('pc5', 0, '${NET}.5', 'ctrl'), ('pc6', 0, '${NET}.6', 'ctrl'),
  ('pc1', 1, '192.168.1.1', 'expt');
INSERT INTO experiments (idx, pid, gid, eid, pid_idx, gid_idx, swapper_idx, expt_head_uid, elab_in_elab, state) VALUES
  (1, 'testbed', 'testbed', 'exp1', 2, 2, 10, 'alice', 0, 'active'),
  (2, 'emulab-ops', 'emulab-ops', 'subboss1', 1, 1, 11, 'bob', 0, 'active'),
  (3, 'testbed', 'testbed', 'elab1', 2, 2, 10, 'alice', 1, 'active');
INSERT INTO reserved (node_id, pid, eid, erole, inner_elab_role) VALUES
  ('pc1', 'testbed', 'exp1', 'node', NULL), ('pc2', 'testbed', 'exp1', 'node', NULL),
  ('pc4', 'emulab-ops', 'subboss1', 'subboss', NULL),
  ('pc5', 'testbed', 'elab1', 'node', 'boss'), ('pc6', 'testbed', 'elab1', 'node', 'node');
INSERT INTO subbosses (node_id, service, subboss_id) VALUES ('pc1', 'frisbee', 'pc4');
INSERT INTO os_info (osid, OS) VALUES (1, 'FreeBSD'), (2, 'Linux');
INSERT INTO images (imageid, imagename, pid, gid, pid_idx, gid_idx, path, `global`, shared, loadpart, default_osid) VALUES
  (10010, 'FBSD73-STD', 'emulab-ops', 'emulab-ops', 1, 1, '${IMAGE_ROOT}/images/FBSD73-STD.ndz', 1, 0, 1, 1),
  (10012, 'TB-PRIVATE', 'testbed', 'testbed', 2, 2, '${IMAGE_ROOT}/proj/testbed/images/TB-PRIVATE.ndz', 0, 0, 1, 2),
  (10013, 'ALPHA-ONLY', 'testbed', 'alpha', 2, 3, '${IMAGE_ROOT}/proj/testbed/images/ALPHA-ONLY.ndz', 0, 0, 2, 2);
INSERT INTO current_reloads (node_id, idx, image_id, mustwipe, prepare) VALUES ('pc1', 0, 10010, 0, 0);
INSERT INTO sitevariables (name, `value`, defaultvalue) VALUES
  ('images/frisbee/maxrate_std', NULL, '72000000'), ('images/frisbee/maxrate_usr', NULL, '54000000');
INSERT INTO emulab_indicies (name, idx) VALUES ('frisbee_index', 0);
INSERT INTO user_sslcerts (uid, uid_idx, idx, revoked) VALUES ('alice', 10, 1, NULL);
