package org.frisbeegw.gateway.config;

import java.util.Optional;

/**
 * How to reach the Emulab database: one JDBC URL (MariaDB/MySQL in production, H2 for the
 * embedded default), optional credentials, and whether the embedded schema and demo data are
 * loaded first (H2 only: production databases are never written).
 */
public record DbSettings(String jdbcUrl, Optional<String> user, Optional<String> password, boolean loadDemo) {
    /** An in-memory H2 in MySQL mode, named so several gateways in one JVM do not share it. */
    public static String embeddedUrl(String name) {
        return "jdbc:h2:mem:" + name + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    }
}
