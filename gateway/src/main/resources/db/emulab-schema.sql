-- The subset of the Emulab schema the gateway reads (../shared/spec/emulab-db.md), written so
-- one file loads into MariaDB/MySQL and into H2 in MySQL mode. Column types follow the
-- original sql/database-create.sql; reserved words (groups, global, value) are back-quoted.
CREATE TABLE IF NOT EXISTS interfaces (
  node_id varchar(32) NOT NULL default '',
  card int NOT NULL default 0,
  IP varchar(15) default NULL,
  role varchar(10) default NULL,
  PRIMARY KEY (node_id, card)
);
CREATE TABLE IF NOT EXISTS nodes (
  node_id varchar(32) NOT NULL default '',
  type varchar(30) NOT NULL default '',
  role varchar(20) NOT NULL default 'testnode',
  PRIMARY KEY (node_id)
);
CREATE TABLE IF NOT EXISTS node_types (
  type varchar(30) NOT NULL default '',
  class varchar(30) default NULL,
  isremotenode tinyint default 0,
  PRIMARY KEY (type)
);
CREATE TABLE IF NOT EXISTS node_attributes (
  node_id varchar(32) NOT NULL default '',
  attrkey varchar(32) NOT NULL default '',
  attrvalue varchar(255) NOT NULL default '',
  PRIMARY KEY (node_id, attrkey)
);
CREATE TABLE IF NOT EXISTS node_type_attributes (
  type varchar(30) NOT NULL default '',
  attrkey varchar(32) NOT NULL default '',
  attrvalue varchar(255) NOT NULL default '',
  PRIMARY KEY (type, attrkey)
);
CREATE TABLE IF NOT EXISTS reserved (
  node_id varchar(32) NOT NULL default '',
  pid varchar(48) NOT NULL default '',
  eid varchar(32) NOT NULL default '',
  erole varchar(32) NOT NULL default 'node',
  inner_elab_role varchar(32) default NULL,
  PRIMARY KEY (node_id)
);
CREATE TABLE IF NOT EXISTS experiments (
  idx int NOT NULL default 0,
  pid varchar(48) NOT NULL default '',
  gid varchar(32) NOT NULL default '',
  eid varchar(32) NOT NULL default '',
  pid_idx int NOT NULL default 0,
  gid_idx int NOT NULL default 0,
  swapper_idx int default NULL,
  expt_head_uid varchar(8) NOT NULL default '',
  elab_in_elab tinyint NOT NULL default 0,
  state varchar(16) NOT NULL default 'new',
  PRIMARY KEY (idx)
);
CREATE TABLE IF NOT EXISTS users (
  uid varchar(8) NOT NULL default '',
  uid_idx int NOT NULL default 0,
  unix_uid int NOT NULL default 0,
  status varchar(16) NOT NULL default 'active',
  admin tinyint default 0,
  PRIMARY KEY (uid_idx)
);
CREATE TABLE IF NOT EXISTS `groups` (
  pid varchar(48) NOT NULL default '',
  gid varchar(32) NOT NULL default '',
  pid_idx int NOT NULL default 0,
  gid_idx int NOT NULL default 0,
  unix_gid int NOT NULL default 0,
  PRIMARY KEY (gid_idx)
);
CREATE TABLE IF NOT EXISTS group_membership (
  uid varchar(8) NOT NULL default '',
  uid_idx int NOT NULL default 0,
  gid_idx int NOT NULL default 0,
  pid_idx int NOT NULL default 0,
  trust varchar(16) NOT NULL default 'none',
  PRIMARY KEY (uid_idx, gid_idx)
);
CREATE TABLE IF NOT EXISTS projects (
  pid varchar(48) NOT NULL default '',
  pid_idx int NOT NULL default 0,
  PRIMARY KEY (pid_idx)
);
CREATE TABLE IF NOT EXISTS images (
  imageid int NOT NULL default 0,
  imagename varchar(30) NOT NULL default '',
  pid varchar(48) NOT NULL default '',
  gid varchar(32) NOT NULL default '',
  pid_idx int NOT NULL default 0,
  gid_idx int NOT NULL default 0,
  path varchar(255) default NULL,
  `global` tinyint default 0,
  shared tinyint NOT NULL default 0,
  loadpart int default 0,
  default_osid int default NULL,
  mbr_version varchar(50) default NULL,
  access_key varchar(64) default NULL,
  PRIMARY KEY (imageid)
);
CREATE TABLE IF NOT EXISTS image_permissions (
  imageid int NOT NULL default 0,
  permission_type varchar(8) NOT NULL default 'user',
  permission_idx int NOT NULL default 0,
  allow_write tinyint NOT NULL default 0,
  PRIMARY KEY (imageid, permission_type, permission_idx)
);
CREATE TABLE IF NOT EXISTS os_info (
  osid int NOT NULL default 0,
  OS varchar(16) default 'Unknown',
  PRIMARY KEY (osid)
);
CREATE TABLE IF NOT EXISTS current_reloads (
  node_id varchar(32) NOT NULL default '',
  idx int NOT NULL default 0,
  image_id int NOT NULL default 0,
  mustwipe tinyint NOT NULL default 0,
  prepare tinyint NOT NULL default 0,
  PRIMARY KEY (node_id, idx)
);
CREATE TABLE IF NOT EXISTS subbosses (
  node_id varchar(32) NOT NULL default '',
  service varchar(20) NOT NULL default '',
  subboss_id varchar(32) NOT NULL default '',
  PRIMARY KEY (node_id, service, subboss_id)
);
CREATE TABLE IF NOT EXISTS sitevariables (
  name varchar(255) NOT NULL default '',
  `value` varchar(255) default NULL,
  defaultvalue varchar(255) NOT NULL default '',
  PRIMARY KEY (name)
);
CREATE TABLE IF NOT EXISTS emulab_indicies (
  name varchar(64) NOT NULL default '',
  idx int NOT NULL default 0,
  PRIMARY KEY (name)
);
CREATE TABLE IF NOT EXISTS user_sslcerts (
  uid varchar(8) NOT NULL default '',
  uid_idx int NOT NULL default 0,
  idx int NOT NULL default 0,
  revoked varchar(32) default NULL,
  PRIMARY KEY (idx)
);
