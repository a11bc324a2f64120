package io.rescind.store.testing;

import io.rescind.store.ConnectionSettings;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL databases for tests: one embedded PostgreSQL per test JVM (started by the same code the server uses),
 * and the machine's PostgreSQL when {@code RESCIND_TEST_DB_URL} names it. Each call hands out a new, empty
 * database, so tests never see each other's rows.
 *
 * <p>Under CI ({@code CI=true}) the machine's PostgreSQL is required: its tests must run, not skip.
 */
public final class TestDatabases {
    public static final String EXTERNAL_URL_VARIABLE = "RESCIND_TEST_DB_URL";

    /** A PostgreSQL server to run store tests against. */
    public enum Target {
        EMBEDDED,
        EXTERNAL
    }

    private static final String PREFIX = "rescind_test_";
    private static final Duration DROP_BUDGET = Duration.ofSeconds(10);
    private static final Duration STALE_AFTER = Duration.ofHours(2);
    private static final Duration STALE_SWEEP_BUDGET = Duration.ofMinutes(2);
    private static final Set<String> CREATED_EXTERNAL = new HashSet<>();
    private static final ExecutorService DROPPER = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "test-db-dropper");
        thread.setDaemon(true);
        return thread;
    });

    private static EmbeddedPostgresServer embedded;
    private static boolean cleanupRegistered;

    private TestDatabases() {}

    /** The targets this run covers: always the embedded one, the external one when configured (required in CI). */
    public static List<Target> targets() {
        var targets = new ArrayList<Target>();
        targets.add(Target.EMBEDDED);
        if (externalUrl().isPresent()) {
            targets.add(Target.EXTERNAL);
        } else if (underCi()) {
            throw new IllegalStateException(EXTERNAL_URL_VARIABLE + " must name the machine's PostgreSQL under CI");
        }
        return targets;
    }

    /**
     * Skips the calling test when no machine's PostgreSQL is configured; under CI, where it must be, {@link #targets}
     * fails instead.
     */
    public static void assumeExternal() {
        Assumptions.assumeTrue(
                targets().contains(Target.EXTERNAL), EXTERNAL_URL_VARIABLE + " names no machine's PostgreSQL");
    }

    /** Under CI, tests that need something of the machine's PostgreSQL fail without it rather than skip. */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static ConnectionSettings freshDatabase() {
        return freshDatabase(Target.EMBEDDED);
    }

    /** Creates an empty database on the target server and answers how to reach it. */
    public static ConnectionSettings freshDatabase(Target target) {
        ConnectionSettings server = target == Target.EMBEDDED ? embeddedServer() : external();
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (var c = connect(server);
                var statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + server, e);
        }
        if (target == Target.EXTERNAL) {
            rememberForCleanup(name);
        }
        String url = server.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new ConnectionSettings(url, server.user(), server.password());
    }

    /** The JVM's embedded PostgreSQL, started on first use and stopped when the JVM exits. */
    public static synchronized ConnectionSettings embeddedServer() {
        if (embedded == null) {
            try {
                Path dir = Files.createTempDirectory("rescind-test-pg");
                embedded = EmbeddedPostgresServer.open(dir, EmbeddedPostgresServer.Opener.SERVER, Duration.ZERO);
                var server = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    deleteRecursively(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return embedded.connection();
    }

    /**
     * Drops a database of the machine's PostgreSQL once its test is done with it, in the background (a drop takes a
     * checkpoint). Those still waiting when the JVM exits are dropped within {@link #DROP_BUDGET}; whatever is left
     * then, or by a killed run, a later run sweeps once it is {@link #STALE_AFTER} old.
     */
    public static void release(ConnectionSettings database) {
        String name = database.jdbcUrl().replaceFirst("^.*/([^/?]*)(\\?.*)?$", "$1");
        synchronized (TestDatabases.class) {
            if (!CREATED_EXTERNAL.remove(name)) {
                return;
            }
        }
        DROPPER.execute(() -> drop(List.of(name), DROP_BUDGET));
    }

    private static synchronized void rememberForCleanup(String name) {
        CREATED_EXTERNAL.add(name);
        if (!cleanupRegistered) {
            cleanupRegistered = true;
            DROPPER.execute(TestDatabases::dropStale);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                List<String> left;
                synchronized (TestDatabases.class) {
                    left = List.copyOf(CREATED_EXTERNAL);
                }
                drop(left, DROP_BUDGET);
            }));
        }
    }

    private static void dropStale() {
        long staleBefore = Instant.now().minus(STALE_AFTER).getEpochSecond();
        var stale = new ArrayList<String>();
        try (var c = externalConnection();
                var query = c.prepareStatement(
                        "SELECT datname FROM pg_database WHERE starts_with(datname, '" + PREFIX + "')");
                var rows = query.executeQuery()) {
            while (rows.next()) {
                String db = rows.getString(1);
                createdAt(db).filter(t -> t < staleBefore).ifPresent(t -> stale.add(db));
            }
        } catch (SQLException e) {
            System.err.println("could not list stale test databases: " + e.getMessage());
            return;
        }
        drop(stale, STALE_SWEEP_BUDGET);
    }

    /** The creation second in a test database's name, if it has one. */
    private static Optional<Long> createdAt(String db) {
        String[] parts = db.substring(PREFIX.length()).split("_", 2);
        try {
            return parts.length == 2 ? Optional.of(Long.parseLong(parts[0])) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Refuses new connections first, so the pools still open in this JVM cannot reconnect while it is dropped. */
    private static void drop(List<String> databases, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        try (var c = externalConnection();
                var statement = c.createStatement()) {
            for (String db : databases) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                try {
                    statement.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
                    statement.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                } catch (SQLException e) {
                    System.err.println("could not drop test database " + db + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("could not reach the machine's PostgreSQL to drop test databases: " + e.getMessage());
        }
    }

    private static Connection externalConnection() throws SQLException {
        return connect(external());
    }

    /** A plain connection, outside any store's pool: to hold a transaction open beside the store. */
    public static Connection connect(ConnectionSettings server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.driverProperties("rescind-test"));
    }

    /** Deletes a folder and everything in it (test data only). */
    public static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static ConnectionSettings external() {
        String url = externalUrl().orElseThrow(() -> new IllegalStateException(EXTERNAL_URL_VARIABLE + " is not set"));
        var user = Optional.ofNullable(System.getenv("RESCIND_TEST_DB_USER")).orElse("postgres");
        return new ConnectionSettings(url, user, Optional.ofNullable(System.getenv("RESCIND_TEST_DB_PASSWORD")));
    }

    private static Optional<String> externalUrl() {
        return Optional.ofNullable(System.getenv(EXTERNAL_URL_VARIABLE)).filter(s -> !s.isBlank());
    }
}
