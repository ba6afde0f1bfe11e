package org.frisbeegw.gateway.emulab;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.frisbeegw.gateway.config.DbSettings;

/**
 * The pooled connection to the Emulab database. Queries are read-only; a pool that cannot get a
 * connection within two seconds fails the request (FAILED), and recovers by itself once the
 * database answers again.
 */
public final class EmulabDatabase implements AutoCloseable {
    public static final String SCHEMA = "/db/emulab-schema.sql";
    public static final String DEMO_DATA = "/db/emulab-demo-data.sql";

    private final HikariDataSource pool;

    private EmulabDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Opens the pool; with {@code loadDemo} first creates the schema and the sample site, its
     * images under {@code imageRoot} and its nodes on {@code net}.x (e.g. "10.1.0").
     */
    public static EmulabDatabase open(DbSettings settings, String imageRoot, String net) throws SQLException {
        if (settings.loadDemo()) {
            try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user().orElse(null),
                    settings.password().orElse(null))) {
                SqlScript.run(c, SCHEMA, Map.of());
                SqlScript.run(c, DEMO_DATA, Map.of("IMAGE_ROOT", imageRoot, "NET", net));
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setPoolName("emulab-db");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setReadOnly(true);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        // Start even when the database is down: requests fail cleanly until it is back.
        config.setInitializationFailTimeout(-1);
        return new EmulabDatabase(new HikariDataSource(config));
    }

    /** Work done with one pooled connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection. If it fails, the connection is evicted rather
     * than returned: drivers disagree on which SQLStates mean "broken" (H2 says 90121 for a
     * closed database, which the pool does not recognise), and a fresh connection is cheap.
     */
    public <T> T withConnection(Work<T> work) throws SQLException {
        Connection c = pool.getConnection();
        try {
            T result = work.run(c);
            c.close();
            return result;
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(c);
            throw e;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
