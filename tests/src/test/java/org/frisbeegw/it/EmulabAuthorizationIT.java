package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.frisbeegw.gateway.auth.AuthDecision;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.gateway.config.DbSettings;
import org.frisbeegw.gateway.emulab.EmulabDatabase;
import org.frisbeegw.gateway.emulab.EmulabDbAuthorizer;
import org.frisbeegw.gateway.emulab.EmulabPolicy;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The "emulab" configuration's decisions on the spec's sample site (emulab-db.md), on H2 and MariaDB. */
class EmulabAuthorizationIT {
    private static final String FBSD = "emulab-ops/FBSD73-STD";
    private static final String PRIVATE = "testbed/TB-PRIVATE";
    private static final String ALPHA = "testbed/ALPHA-ONLY";

    @TempDir
    Path tmp;
    EmulabDatabase db;
    EmulabDbAuthorizer auth;
    String url;

    static List<String> databases() {
        return TestDatabases.names();
    }

    private void open(String which) throws Exception {
        url = TestDatabases.fresh(which, tmp.toString());
        db = EmulabDatabase.open(new DbSettings(url, Optional.empty(), Optional.empty(), false), tmp.toString(), TestDatabases.NET);
        auth = new EmulabDbAuthorizer(db, new EmulabPolicy(tmp.resolve("images"), false, Set.of()));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static InetAddress node(int n) throws Exception {
        return InetAddress.getByName(TestDatabases.NET + "." + n);
    }

    private MsError get(int caller, int host, String image) throws Exception {
        return error(auth.authorizeGet(host == 0 ? 0 : Ipv4.toInt(node(host)), node(caller), image));
    }

    private static MsError error(AuthDecision d) {
        return d instanceof AuthDecision.Denied denied ? denied.error() : MsError.NONE;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAllocatedNodeGetsGlobalAndItsGroupsImagesOnly(String which) throws Exception {
        open(which);
        assertEquals(MsError.NONE, get(1, 0, FBSD));
        assertEquals(MsError.NONE, get(1, 0, "FBSD73-STD"), "no pid means emulab-ops");
        assertEquals(MsError.NONE, get(1, 0, PRIVATE));
        assertEquals(MsError.NOACCESS, get(1, 0, ALPHA), "exp1's group is testbed, not alpha");
        TestDatabases.execute(url, "UPDATE experiments SET gid = 'alpha', gid_idx = 3 WHERE idx = 1");
        assertEquals(MsError.NONE, get(1, 0, ALPHA), "with the experiment in group alpha");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void freeUnknownAndMissingAreTheirOwnErrors(String which) throws Exception {
        open(which);
        assertEquals(MsError.NOACCESS, get(3, 0, FBSD), "pc3 is free");
        assertEquals(MsError.NOHOST, get(99, 0, FBSD), "no node has that control IP");
        assertEquals(MsError.NOIMAGE, get(1, 0, "testbed/NO-SUCH"), "unknown image: NOIMAGE, not a crash");
        assertEquals(MsError.FAILED, get(1, 0, "/etc/passwd"));
        assertEquals(MsError.FAILED, get(1, 0, "testbed/../x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void explicitGrantsToTheSwapperOrItsGroups(String which) throws Exception {
        open(which);
        TestDatabases.execute(url, "INSERT INTO image_permissions (imageid, permission_type, permission_idx, allow_write)"
                + " VALUES (10013, 'user', 10, 0)");
        assertEquals(MsError.NONE, get(1, 0, ALPHA), "granted to alice, pc1's swapper");
        assertEquals(MsError.NOACCESS, error(auth.authorizePut(0, node(1), ALPHA)), "a read grant is no write grant");
        TestDatabases.execute(url, "DELETE FROM image_permissions");
        TestDatabases.execute(url, "INSERT INTO image_permissions (imageid, permission_type, permission_idx, allow_write)"
                + " VALUES (10013, 'group', 3, 1)");
        assertEquals(MsError.NONE, get(1, 0, ALPHA), "granted to group alpha, of which alice is a member");
        assertEquals(MsError.NONE, error(auth.authorizePut(0, node(1), ALPHA)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theThreeProxies(String which) throws Exception {
        open(which);
        assertEquals(MsError.NONE, get(4, 1, FBSD), "sub-boss pc4 for pc1, which it serves");
        assertEquals(MsError.FAILED, get(4, 2, FBSD), "sub-boss pc4 for pc2, which it does not serve");
        assertEquals(MsError.NONE, get(5, 6, FBSD), "inner boss pc5 for pc6 of its experiment");
        assertEquals(MsError.FAILED, get(5, 1, FBSD), "inner boss pc5 for pc1 of another experiment");
        assertEquals(MsError.FAILED, get(1, 2, FBSD), "an ordinary node proxies for nobody");
        assertEquals(MsError.FAILED, get(3, 1, FBSD), "a free node proxies for nobody");
        assertEquals(MsError.NONE, error(auth.authorizeGet(Ipv4.toInt(node(2)), InetAddress.getByName("127.0.0.1"), FBSD)),
                "the boss itself (loopback) for anyone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsCarryThePathRateAndTimeout(String which) throws Exception {
        open(which);
        ImageRecord std = ((AuthDecision.Allowed) auth.authorizeGet(0, node(1), FBSD)).image();
        assertEquals(tmp.resolve("images/FBSD73-STD.ndz"), std.path());
        assertEquals(List.of("-W", "72000000"), std.serverArgs(), "standard image rate");
        assertEquals(Duration.ofSeconds(1800), std.serverTimeout());
        ImageRecord user = ((AuthDecision.Allowed) auth.authorizeGet(0, node(1), PRIVATE)).image();
        assertEquals(List.of("-W", "54000000"), user.serverArgs(), "user image rate");
        assertEquals(10_000_000_000L, user.maxUploadSize());
        TestDatabases.execute(url, "UPDATE sitevariables SET `value` = '90000000' WHERE name = 'images/frisbee/maxrate_usr'");
        assertEquals(List.of("-W", "90000000"),
                ((AuthDecision.Allowed) auth.authorizeGet(0, node(1), PRIVATE)).image().serverArgs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void putIsForTheProjectAndNeverForStandardImages(String which) throws Exception {
        open(which);
        assertInstanceOf(AuthDecision.Allowed.class, auth.authorizePut(0, node(1), PRIVATE));
        assertEquals(MsError.NOACCESS, error(auth.authorizePut(0, node(1), FBSD)), "standard images are not writable");
    }
}
