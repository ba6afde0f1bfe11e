package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.gateway.emulab.DbElabAuthority;
import org.frisbeegw.gateway.emulab.DbReloadInfoSource;
import org.frisbeegw.gateway.config.DbSettings;
import org.frisbeegw.gateway.emulab.EmulabDatabase;
import org.frisbeegw.tmcd.reload.DiskAttributes;
import org.frisbeegw.tmcd.reload.NodeReloads;
import org.frisbeegw.tmcd.reload.ReloadRow;
import org.frisbeegw.xmlrpc.Caller;
import org.frisbeegw.xmlrpc.ElabAuthority;
import org.frisbeegw.xmlrpc.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tmcd bridge's and the XML-RPC shim's data read from the Emulab DB (H2 and MariaDB). */
class EmulabBridgeDataIT {
    @TempDir
    Path root;
    EmulabDatabase db;
    Gateway gateway;
    String url;

    static List<String> databases() {
        return TestDatabases.names();
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private void open(String which) throws Exception {
        url = TestDatabases.fresh(which, root.toString());
        db = EmulabDatabase.open(new DbSettings(url, Optional.empty(), Optional.empty(), false), root.toString(), TestDatabases.NET);
    }

    private static InetAddress node(int n) throws Exception {
        return InetAddress.getByName(TestDatabases.NET + "." + n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reloadRowsAttributesAndTheSubbossComeFromTheDb(String which) throws Exception {
        open(which);
        DbReloadInfoSource source = new DbReloadInfoSource(db, "127.0.0.1");
        NodeReloads pc1 = source.lookup(node(1)).orElseThrow();
        assertEquals("pc1", pc1.nodeId());
        assertTrue(pc1.local());
        assertEquals(TestDatabases.NET + ".4", pc1.frisbeeServer(), "pc1's frisbee sub-boss is pc4");
        assertEquals(DiskAttributes.DEFAULTS, pc1.disk());
        ReloadRow row = pc1.rows().get(0);
        assertEquals(List.of("1", "FreeBSD", "0", "emulab-ops", "emulab-ops", "FBSD73-STD", "0"),
                List.of(row.loadPart(), row.os(), row.mustWipe(), row.pid(), row.gid(), row.imageName(), row.prepare()));
        assertEquals("127.0.0.1", source.lookup(node(2)).orElseThrow().frisbeeServer(), "no sub-boss: the boss");
        assertTrue(source.lookup(node(2)).orElseThrow().rows().isEmpty());
        assertTrue(source.lookup(node(99)).isEmpty());

        TestDatabases.execute(url, "INSERT INTO node_type_attributes (type, attrkey, attrvalue) VALUES"
                + " ('pc3000', 'disktype', 'da'), ('pc3000', 'use_acpi', 'yes')");
        TestDatabases.execute(url, "INSERT INTO node_attributes (node_id, attrkey, attrvalue) VALUES ('pc1', 'disktype', 'ada')");
        TestDatabases.execute(url, "INSERT INTO current_reloads (node_id, idx, image_id, mustwipe, prepare) VALUES ('pc1', 1, 10012, 1, 1)");
        NodeReloads again = source.lookup(node(1)).orElseThrow();
        assertEquals(new DiskAttributes("ada", "0", "yes", "unknown", "unknown"), again.disk(), "node value over type value");
        assertEquals(List.of("FBSD73-STD", "TB-PRIVATE"), again.rows().stream().map(ReloadRow::imageName).toList(), "idx order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void verifystuffFromTheDb(String which) throws Exception {
        open(which);
        DbElabAuthority authority = new DbElabAuthority(db);
        Caller alice = new Caller(node(5), Optional.of("alice"));
        ElabAuthority.ActingNode pc5 = (ElabAuthority.ActingNode) authority.verifyCaller(alice);
        assertEquals("pc5", pc5.nodeId());
        assertTrue(authority.mayLoadImages(alice, pc5));
        assertFalse(authority.mayLoadImages(new Caller(node(5), Optional.of("bob")), pc5));
        assertRefused(authority.verifyCaller(new Caller(node(5), Optional.of("bob"))), Envelope.FORBIDDEN, "Must be creator");
        assertRefused(authority.verifyCaller(new Caller(node(6), Optional.of("alice"))), Envelope.FORBIDDEN, "Must be boss node");
        assertRefused(authority.verifyCaller(new Caller(node(1), Optional.of("alice"))), Envelope.FORBIDDEN,
                "Not an elabinelab experiment: testbed/exp1");
        assertRefused(authority.verifyCaller(new Caller(node(3), Optional.empty())), Envelope.ERROR, "Node is not reserved: pc3");
        assertRefused(authority.verifyCaller(new Caller(node(99), Optional.empty())), Envelope.ERROR, "No such node for IP");
        assertEquals(Optional.of("testbed/TB-PRIVATE"), authority.imageName("10012"));
        assertEquals(Optional.empty(), authority.imageName("424242"));
        assertEquals(Optional.empty(), authority.loginsRefused());
        TestDatabases.execute(url, "INSERT INTO sitevariables (name, `value`, defaultvalue) VALUES ('web/nologins', '1', '0'),"
                + " ('web/message', 'Down for maintenance', '')");
        assertEquals(Optional.of("Down for maintenance"), authority.loginsRefused());
    }

    private static void assertRefused(ElabAuthority.Verdict v, int code, String text) {
        ElabAuthority.Refusal r = assertInstanceOf(ElabAuthority.Refusal.class, v);
        assertEquals(code, r.code());
        assertTrue(r.output().contains(text), r.output());
    }

    @Test
    void tmcdBridgeAnswersLoadinfoFromTheEmbeddedDb() throws Exception {
        Files.createDirectories(root.resolve("images"));
        Files.write(root.resolve("images/FBSD73-STD.ndz"), new byte[4096]);
        gateway = Gateway.start(GatewayOptions.parse("-C", "emulab", "-I", root.toString(), "-i", "127.0.0.1", "-p", "0",
                "--tmcd-ports", "0"));
        Tmcc pc1 = new Tmcc(TestDatabases.NET + ".1", gateway.tmcdPorts().get(0));
        String tail = " DISK=ad0 ZFILL=0 ACPI=unknown MBRVERS=1 ASF=unknown PREPARE=0 NOCLFLUSH=unknown";
        assertEquals("ADDR= PART=1 PARTOS=FreeBSD SERVER=" + TestDatabases.NET + ".4" + tail
                + " IMAGEID=emulab-ops,emulab-ops,FBSD73-STD\n", pc1.tcp("VERSION=34 loadinfo "));
        assertEquals("ADDR=239.192.1.2:1283 PART=1 PARTOS=FreeBSD SERVER=127.0.0.1" + tail + "\n",
                pc1.tcp("VERSION=32 loadinfo "), "compat path: a multicast server started on pc1's behalf");
        assertEquals("", new Tmcc(TestDatabases.NET + ".2", gateway.tmcdPorts().get(0)).tcp("VERSION=34 loadinfo "),
                "pc2 has no reloads");
    }
}
