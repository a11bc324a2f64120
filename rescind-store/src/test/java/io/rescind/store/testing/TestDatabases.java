package io.rescind.store.testing;

import io.rescind.store.ConnectionSettings;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

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

    private static EmbeddedPostgresServer embedded;
    private static final List<String> CREATED_EXTERNAL = new ArrayList<>();
    private static boolean cleanupRegistered;

    private TestDatabases() {}

    /** The targets this run covers: always the embedded one, the external one when configured (required in CI). */
    public static List<Target> targets() {
        var targets = new ArrayList<Target>();
        targets.add(Target.EMBEDDED);
        if (externalUrl().isPresent()) {
            targets.add(Target.EXTERNAL);
        } else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(EXTERNAL_URL_VARIABLE + " must name the machine's PostgreSQL under CI");
        }
        return targets;
    }

    public static ConnectionSettings freshDatabase() {
        return freshDatabase(Target.EMBEDDED);
    }

    /** Creates an empty database on the target server and answers how to reach it. */
    public static ConnectionSettings freshDatabase(Target target) {
        ConnectionSettings server = target == Target.EMBEDDED ? embeddedServer() : external();
        String name =
                "rescind_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        var props = new Properties();
        props.setProperty("user", server.user());
        server.password().ifPresent(p -> props.setProperty("password", p));
        try (var c = DriverManager.getConnection(server.jdbcUrl(), props);
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

    /** Drops the databases this JVM created on the machine's PostgreSQL when it exits. */
    private static synchronized void rememberForCleanup(String name) {
        CREATED_EXTERNAL.add(name);
        if (!cleanupRegistered) {
            cleanupRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ConnectionSettings server = external();
                var props = new Properties();
                props.setProperty("user", server.user());
                server.password().ifPresent(p -> props.setProperty("password", p));
                try (var c = DriverManager.getConnection(server.jdbcUrl(), props);
                        var statement = c.createStatement()) {
                    for (String db : CREATED_EXTERNAL) {
                        statement.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    }
                } catch (SQLException e) {
                    System.err.println("could not drop test databases: " + e.getMessage());
                }
            }));
        }
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
