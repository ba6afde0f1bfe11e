package org.frisbeegw.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.frisbeegw.gateway.config.DbSettings;
import org.frisbeegw.gateway.emulab.EmulabDatabase;
import org.frisbeegw.gateway.emulab.SqlScript;

/**
 * The databases the DB tests run against: an in-memory H2 in MySQL mode always, and the MariaDB
 * server named by FRISBEE_IT_MARIADB_URL (CI starts one; elsewhere those runs are skipped, and
 * in CI a missing server is a failure, not a skip).
 */
final class TestDatabases {
    static final String H2 = "H2";
    static final String MARIADB = "MariaDB";
    /** The sample site's control network as the tests see it: on loopback. */
    static final String NET = "127.0.1";
    private static final AtomicInteger H2_COUNTER = new AtomicInteger();
    private static final List<String> TABLES = List.of("interfaces", "nodes", "node_types", "node_attributes",
            "node_type_attributes", "reserved", "experiments", "users", "`groups`", "group_membership", "projects",
            "images", "image_permissions", "os_info", "current_reloads", "subbosses", "sitevariables", "emulab_indicies",
            "user_sslcerts");

    private TestDatabases() {
    }

    static List<String> names() {
        return List.of(H2, MARIADB);
    }

    /** A fresh database holding the spec's sample site; returns its JDBC URL. */
    static String fresh(String which, String imageRoot) throws SQLException {
        String url;
        if (which.equals(H2)) {
            url = DbSettings.embeddedUrl("it" + H2_COUNTER.incrementAndGet());
        } else {
            url = System.getenv("FRISBEE_IT_MARIADB_URL");
            if (url == null && "true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI must provide FRISBEE_IT_MARIADB_URL (.ci/mariadb)");
            }
            assumeTrue(url != null, "no MariaDB server: set FRISBEE_IT_MARIADB_URL (see .ci/mariadb)");
        }
        load(url, imageRoot);
        return url;
    }

    /** Replaces whatever the database at {@code url} holds with the sample site. */
    static void load(String url, String imageRoot) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            SqlScript.run(c, EmulabDatabase.SCHEMA, Map.of());
            SqlScript.run(c, EmulabDatabase.DEMO_DATA, Map.of("IMAGE_ROOT", imageRoot, "NET", NET));
        }
    }

    /** Runs one statement as the test (the gateway's own pool is read-only). */
    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
