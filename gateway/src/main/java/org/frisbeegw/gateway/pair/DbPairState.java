package org.frisbeegw.gateway.pair;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.frisbeegw.gateway.config.DbSettings;
import org.frisbeegw.gateway.servers.ServerJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pair's shared state in the Emulab database ({@code -C emulab}), in two tables of our own,
 * created if missing: {@code frisbeegw_pair_epoch} (one row: the newest epoch, its holder,
 * whether it was released) and {@code frisbeegw_pair_journal} (journal lines by epoch and
 * sequence). Taking an epoch is one transaction (row lock on the epoch row); every journal line
 * is inserted only where the epoch row still names this gateway's epoch, so a fenced write
 * changes nothing. Its own small writable pool: the authorization pool stays read-only.
 */
public final class DbPairState implements PairState {
    private static final Logger log = LoggerFactory.getLogger(DbPairState.class);
    private static final String EPOCH_TABLE = "frisbeegw_pair_epoch";
    private static final String JOURNAL_TABLE = "frisbeegw_pair_journal";
    private static final int MAX_HOLDER = 200;

    private final HikariDataSource pool;
    private final String url;
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean schemaReady;

    private DbPairState(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    public static DbPairState open(DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setPoolName("pair-state");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        // A standby starts while the database is down; taking over fails cleanly until it is back.
        config.setInitializationFailTimeout(-1);
        return new DbPairState(new HikariDataSource(config), settings.jdbcUrl().replaceAll("[;?].*", ""));
    }

    @Override
    public Takeover take(String holder, ServerJournal.EntryCheck check) throws IOException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                long epoch = nextEpoch(c, holder);
                long previous = previousJournal(c, epoch);
                ServerJournal.Leftovers left = ServerJournal.leftovers(lines(c, previous),
                        describe() + " epoch " + previous + " line ", check);
                List<String> carried = ServerJournal.lines(left);
                insertLines(c, epoch, carried);
                try (PreparedStatement del = c.prepareStatement("DELETE FROM " + JOURNAL_TABLE + " WHERE epoch < ?")) {
                    del.setLong(1, epoch - 1);
                    del.executeUpdate();
                }
                c.commit();
                sequence.set(carried.size());
                log.info("took epoch {} in {} ({} servers to resume from epoch {})", epoch, describe(),
                        left.servers().size(), previous);
                return new Takeover(epoch, left);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot take an epoch in " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Locks the epoch row and moves it on (creating it the first time). */
    private static long nextEpoch(Connection c, String holder) throws SQLException {
        long epoch;
        try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM " + EPOCH_TABLE + " WHERE id = 1 FOR UPDATE");
             ResultSet r = q.executeQuery()) {
            epoch = r.next() ? r.getLong(1) + 1 : 0;
        }
        String sql = epoch == 0
                ? "INSERT INTO " + EPOCH_TABLE + " (epoch, holder, released, taken_at, id) VALUES (?, ?, 0, ?, 1)"
                : "UPDATE " + EPOCH_TABLE + " SET epoch = ?, holder = ?, released = 0, taken_at = ? WHERE id = 1";
        long taken = Math.max(epoch, 1);
        try (PreparedStatement u = c.prepareStatement(sql)) {
            u.setLong(1, taken);
            u.setString(2, holder.length() > MAX_HOLDER ? holder.substring(0, MAX_HOLDER) : holder);
            u.setLong(3, System.currentTimeMillis());
            u.executeUpdate();
        }
        return taken;
    }

    private static long previousJournal(Connection c, long epoch) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(epoch) FROM " + JOURNAL_TABLE + " WHERE epoch < ?")) {
            q.setLong(1, epoch);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static List<String> lines(Connection c, long epoch) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT line FROM " + JOURNAL_TABLE + " WHERE epoch = ? ORDER BY seq")) {
            q.setLong(1, epoch);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    lines.add(r.getString(1) == null ? "" : r.getString(1));
                }
            }
        }
        return lines;
    }

    private static void insertLines(Connection c, long epoch, List<String> lines) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO " + JOURNAL_TABLE + " (epoch, seq, line) VALUES (?, ?, ?)")) {
            for (int n = 0; n < lines.size(); n++) {
                i.setLong(1, epoch);
                i.setInt(2, n + 1);
                i.setString(3, lines.get(n));
                i.addBatch();
            }
            i.executeBatch();
        }
    }

    @Override
    public EpochView current() throws IOException {
        try (Connection c = connection();
             PreparedStatement q = c.prepareStatement("SELECT epoch, holder, released FROM " + EPOCH_TABLE + " WHERE id = 1");
             ResultSet r = q.executeQuery()) {
            return r.next() ? new EpochView(r.getLong(1), String.valueOf(r.getString(2)).replaceAll("\\p{Cntrl}", "?"),
                    r.getInt(3) != 0) : EpochView.NONE;
        } catch (SQLException e) {
            throw new IOException("cannot read the epoch in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(long epoch) throws IOException {
        try (Connection c = connection();
             PreparedStatement u = c.prepareStatement("UPDATE " + EPOCH_TABLE + " SET released = 1 WHERE id = 1 AND epoch = ?")) {
            u.setLong(1, epoch);
            u.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot release epoch " + epoch + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Inserts the line only where the epoch row still holds {@code epoch}: one statement, no window. */
    @Override
    public void append(long epoch, String line) throws IOException {
        int rows;
        try (Connection c = connection();
             PreparedStatement i = c.prepareStatement("INSERT INTO " + JOURNAL_TABLE + " (epoch, seq, line) SELECT ?, ?, ? FROM "
                     + EPOCH_TABLE + " WHERE id = 1 AND epoch = ?")) {
            i.setLong(1, epoch);
            i.setInt(2, sequence.incrementAndGet());
            i.setString(3, line);
            i.setLong(4, epoch);
            rows = i.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("journal line not written to " + describe() + ": " + e.getMessage(), e);
        }
        if (rows == 0) {
            throw new FencedException(epoch, current().epoch());
        }
    }

    private Connection connection() throws SQLException {
        Connection c = pool.getConnection();
        if (!schemaReady) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + EPOCH_TABLE + " (id INT NOT NULL PRIMARY KEY, epoch BIGINT NOT NULL,"
                        + " holder VARCHAR(" + MAX_HOLDER + ") NOT NULL, released SMALLINT NOT NULL, taken_at BIGINT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS " + JOURNAL_TABLE + " (epoch BIGINT NOT NULL, seq INT NOT NULL,"
                        + " line VARCHAR(" + ServerJournal.MAX_LINE + ") NOT NULL, PRIMARY KEY (epoch, seq))");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            schemaReady = true;
        }
        return c;
    }

    @Override
    public String describe() {
        return "database " + url;
    }

    @Override
    public void close() {
        pool.close();
    }
}
