package io.rescind.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A pooled connection to Rescind's PostgreSQL database, checked for durability and migrated at open.
 *
 * <p>A revocation that answered success must survive a crash of the server and its database (DESIGN §2 invariant 1),
 * so the database must run with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on; Rescind
 * refuses to start otherwise.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbc jdbc;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Connects, checks durability, applies pending migrations (safe when several nodes start at once). */
    public static Database open(ConnectionSettings settings, int maxConnections) {
        var config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("rescind");
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(15_000);
        config.addDataSourceProperty("ApplicationName", "rescind");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(
                    "cannot connect to PostgreSQL at " + settings.redactedUrl() + ": " + rootMessage(e), e);
        }
        var database = new Database(dataSource);
        try {
            database.checkDurability();
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public Jdbc jdbc() {
        return jdbc;
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

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
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
