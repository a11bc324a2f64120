package io.rescind.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.PGProperty;

/**
 * A pooled connection to Rescind's PostgreSQL database, checked for durability and migrated at open.
 *
 * <p>A revocation that answered success must survive a crash of the server and its database (DESIGN §2 invariant 1),
 * so the database must run with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on; Rescind
 * refuses to start otherwise.
 */
public final class Database implements AutoCloseable {
    private static final Duration MIGRATION_WAIT = Duration.ofSeconds(30);
    /** Seconds a node waits for another node's migration: Flyway tries its lock once a second. */
    static final int LOCK_RETRIES = 600;

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Connects, checks durability, applies pending migrations (safe when several nodes start at once). */
    public static Database open(ConnectionSettings settings, PoolSettings pool) {
        FirstConnection.await(settings, FirstConnection.WAIT);
        HikariDataSource dataSource = connect(settings, settings.driverProperties("rescind"), pool, "rescind");
        var database = new Database(dataSource);
        try {
            database.checkDurability();
            migrate(settings);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static HikariDataSource connect(
            ConnectionSettings settings, Properties driverProperties, PoolSettings pool, String name) {
        var config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setDataSourceProperties(driverProperties);
        config.setMaximumPoolSize(pool.maxConnections());
        config.setPoolName(name);
        config.setConnectionTimeout(pool.connectionTimeout().toMillis());
        // Checking an idle connection is part of waiting for one, so it must not outlast the connection timeout.
        config.setValidationTimeout(Math.min(pool.connectionTimeout().toMillis(), 1_000));
        // FirstConnection waited for PostgreSQL, and failed at once on what waiting cannot mend.
        config.setInitializationFailTimeout(FirstConnection.WAIT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(
                    "cannot connect to PostgreSQL at " + settings.redactedUrl() + ": " + rootMessage(e), e);
        }
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    /** How many connections are in use, idle and awaited now. */
    public PoolUse poolUse() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        return new PoolUse(
                pool.getActiveConnections(),
                pool.getIdleConnections(),
                pool.getTotalConnections(),
                pool.getThreadsAwaitingConnection(),
                dataSource.getMaximumPoolSize());
    }

    /** Refuses a database that could lose a committed revocation in a crash. */
    void checkDurability() {
        List<String> problems = jdbc.run(connection -> {
            var found = new ArrayList<String>();
            require(connection, "fsync", "on", found);
            require(connection, "full_page_writes", "on", found);
            String syncCommit = show(connection, "synchronous_commit");
            if (syncCommit.equals("off")) {
                found.add("synchronous_commit is off");
            }
            int major = Integer.parseInt(show(connection, "server_version_num")) / 10_000;
            if (major < 15) {
                found.add("PostgreSQL " + major + " is too old (15 or newer is needed)");
            }
            return found;
        });
        if (!problems.isEmpty()) {
            throw new StoreException("the database is not safe for revocations: " + String.join(", ", problems)
                    + ". Turn fsync, synchronous_commit and full_page_writes on.");
        }
    }

    private static void require(Connection c, String setting, String expected, List<String> problems)
            throws SQLException {
        String actual = show(c, setting);
        if (!actual.equals(expected)) {
            problems.add(setting + " is " + actual);
        }
    }

    static String show(Connection c, String setting) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * Applies pending migrations over connections of their own: without the socket timeout, since building an index
     * over a large table may take longer than any request may. Flyway holds a PostgreSQL advisory lock meanwhile, so
     * of several nodes starting at once one migrates and the others wait.
     */
    private static void migrate(ConnectionSettings settings) {
        Properties properties = settings.driverProperties("rescind-migrations");
        PGProperty.SOCKET_TIMEOUT.set(properties, 0);
        // Flyway holds one connection for the lock and migrates on another.
        try (var dataSource =
                connect(settings, properties, new PoolSettings(2, MIGRATION_WAIT), "rescind-migrations")) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    // Flyway retries its lock each second; its default of 50 would give up on another node's long
                    // migration (an index over a large table), so the others wait up to 10 minutes.
                    .lockRetryCount(LOCK_RETRIES)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("database migration failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
