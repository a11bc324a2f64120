package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.testing.TestClock;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshDatabases;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import io.rescind.store.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Opening the database: the durability check (DESIGN §2 invariant 1), migrations safe for concurrent nodes, and the
 * pool's timeouts and use.
 */
class DatabaseTest {
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static String databaseName(ConnectionSettings settings) {
        return settings.jdbcUrl().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
    }

    /** DESIGN §2 invariant 1: a database that could lose a committed revocation in a crash is refused. */
    @Nested
    class Durability {
        @OnEachDatabase
        void aDatabaseWithSynchronousCommitOffIsRefusedNamingTheSetting(Target target) throws SQLException {
            ConnectionSettings settings = databases.create(target);
            TestSql.on(settings).update("ALTER DATABASE " + databaseName(settings) + " SET synchronous_commit = off");
            assertThat(TestSql.on(settings).show("synchronous_commit")).isEqualTo("off");

            assertThatThrownBy(() -> PostgresStore.open(settings, PoolSettings.of(4), new TestClock()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("synchronous_commit");
        }

        @OnEachDatabase
        void aConnectionThatTurnsSynchronousCommitOffIsRefused(Target target) throws SQLException {
            ConnectionSettings fresh = databases.create(target);
            var settings = new ConnectionSettings(
                    fresh.jdbcUrl() + "?options=-c%20synchronous_commit%3Doff", fresh.user(), fresh.password());
            assertThat(TestSql.on(settings).show("synchronous_commit")).isEqualTo("off");

            assertThatThrownBy(() -> PostgresStore.open(settings, PoolSettings.of(4), new TestClock()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("synchronous_commit");
        }

        @OnEachDatabase
        void aRefusedDatabaseIsLeftUnmigrated(Target target) {
            ConnectionSettings settings = databases.create(target);
            var sql = TestSql.on(settings);
            sql.update("ALTER DATABASE " + databaseName(settings) + " SET synchronous_commit = off");

            assertThatThrownBy(() -> PostgresStore.open(settings, PoolSettings.of(4), new TestClock()))
                    .isInstanceOf(StoreException.class);

            assertThat(sql.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                    .isZero();
        }
    }

    /** DESIGN §5: several nodes may start at once on one database; Flyway's advisory lock makes one of them migrate. */
    @Nested
    class Migrations {
        private static final int NODES = 4;

        @OnEachDatabase
        void nodesOpeningOneFreshDatabaseAtOnceAllOpenAndEachMigrationIsAppliedOnce(Target target) throws Exception {
            ExecutorService nodes = Executors.newFixedThreadPool(NODES);
            try {
                for (int round = 0; round < 2; round++) {
                    ConnectionSettings settings = databases.create(target);
                    List<Future<PostgresStore>> opening = openAtOnce(nodes, settings);
                    try {
                        for (int node = 0; node < NODES; node++) {
                            // The schema works from every node: each saves a user.
                            opening.get(node)
                                    .get(60, TimeUnit.SECONDS)
                                    .users()
                                    .save(TestUsers.user("node-" + node).build());
                        }
                    } finally {
                        opening.forEach(DatabaseTest::closeIfOpened);
                    }

                    var sql = TestSql.on(settings);
                    assertThat(sql.count("SELECT count(*) FROM users")).isEqualTo(NODES);
                    List<String> applied = sql.inTransaction(c -> Jdbc.list(
                            c,
                            "SELECT version || ' ' || success FROM flyway_schema_history"
                                    + " WHERE version IS NOT NULL ORDER BY installed_rank",
                            row -> row.getString(1)));
                    assertThat(applied)
                            .containsExactlyElementsOf(migrationVersions().stream()
                                    .map(v -> v + " true")
                                    .toList());
                }
            } finally {
                nodes.shutdownNow();
            }
        }

        /** Opens a store per node, the nodes held back until all are ready, then released together. */
        private static List<Future<PostgresStore>> openAtOnce(ExecutorService nodes, ConnectionSettings settings)
                throws InterruptedException {
            var ready = new CountDownLatch(NODES);
            var go = new CountDownLatch(1);
            List<Future<PostgresStore>> opening = new ArrayList<>();
            for (int node = 0; node < NODES; node++) {
                opening.add(nodes.submit(() -> {
                    ready.countDown();
                    go.await();
                    return PostgresStore.open(settings, PoolSettings.of(2), new TestClock());
                }));
            }
            ready.await();
            go.countDown();
            return opening;
        }

        /** The versions of the migrations this build ships, in order (V1__foundation.sql is "1"). */
        private static List<String> migrationVersions() throws Exception {
            Path folder = Path.of(Database.class.getResource("/db/migration").toURI());
            try (var files = Files.list(folder)) {
                List<String> versions = files.map(f -> f.getFileName().toString())
                        .filter(name -> name.matches("V[0-9]+__.*\\.sql"))
                        .map(name -> name.substring(1, name.indexOf("__")))
                        .sorted(Comparator.comparingInt(Integer::parseInt))
                        .toList();
                assertThat(versions).as("migrations in " + folder).isNotEmpty();
                return versions;
            }
        }
    }

    private static void closeIfOpened(Future<PostgresStore> opening) {
        try {
            opening.get(60, TimeUnit.SECONDS).close();
        } catch (ExecutionException | TimeoutException e) {
            // Not opened: nothing to close; the test reports why.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pool: how long a request waits for a connection and for PostgreSQL, and what it reports for metrics. */
    @Nested
    class Pool {
        @Test
        void aRequestFindingEveryConnectionTakenFailsAfterTheConnectionTimeout() {
            var pool = new PoolSettings(1, Duration.ofMillis(500));
            try (var database = Database.open(databases.create(Target.EMBEDDED), pool)) {
                var jdbc = database.jdbc();
                long start = System.nanoTime();

                assertThatThrownBy(() -> jdbc.run(held -> jdbc.run(c -> 1)))
                        .isInstanceOf(StoreException.class)
                        .rootCause()
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("request timed out after");

                // HikariCP's own default would hold the request for 30 seconds.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        }

        @Test
        void aStatementWaitsForPostgresqlAtMostTheSocketTimeout() {
            try (var database = Database.open(databases.create(Target.EMBEDDED), PoolSettings.of(1))) {
                int networkTimeoutMillis = database.jdbc().run(Connection::getNetworkTimeout);

                assertThat(Duration.ofMillis(networkTimeoutMillis)).isEqualTo(ConnectionSettings.SOCKET_TIMEOUT);
            }
        }

        @Test
        void useCountsConnectionsHeldAsActiveAndRequestsForMoreAsWaiting() throws Exception {
            ExecutorService other = Executors.newSingleThreadExecutor();
            var pool = new PoolSettings(2, Duration.ofSeconds(10));
            try (var database = Database.open(databases.create(Target.EMBEDDED), pool)) {
                var jdbc = database.jdbc();
                List<Future<Integer>> third = new ArrayList<>();

                PoolUse whileFull = jdbc.run(first -> jdbc.run(second -> {
                    third.add(other.submit(() -> jdbc.run(c -> 3)));
                    return awaitWaiting(database);
                }));

                assertThat(whileFull).isEqualTo(new PoolUse(2, 0, 2, 1, 2));
                assertThat(third.getFirst().get(10, TimeUnit.SECONDS)).isEqualTo(3);
                assertThat(database.poolUse()).isEqualTo(new PoolUse(0, 2, 2, 0, 2));
            } finally {
                other.shutdownNow();
            }
        }

        private static PoolUse awaitWaiting(Database database) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            PoolUse use = database.poolUse();
            while (use.waiting() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                use = database.poolUse();
            }
            return use;
        }
    }

    /** The revocation cascade looks codes up by session and by user (PgCascade): through an index, not a scan. */
    @Nested
    class Indexes {
        @OnEachDatabase
        void theCascadesLookupsOfCodesAndGrantsUseAnIndex(Target target) {
            ConnectionSettings settings = databases.create(target);
            try (var store = PostgresStore.open(settings, PoolSettings.of(2), new TestClock())) {
                var lookups = Map.of(
                        "authorization_codes WHERE sid = 'a-session'", "authorization_codes_by_sid",
                        "authorization_codes WHERE sub = 'a-user' AND client_id = 'a-client'",
                                "authorization_codes_by_sub_and_client",
                        "grants WHERE sub = 'a-user' AND client_id = 'a-client'", "grants_by_sub_and_client",
                        "grants WHERE sub = 'a-user'", "grants_by_sub_and_client");
                for (var lookup : lookups.entrySet()) {
                    String plan = TestSql.on(store).inTransaction(c -> {
                        // Without it, the planner scans a table this small even when an index could serve.
                        Jdbc.update(c, "SET LOCAL enable_seqscan = off");
                        return String.join(
                                "\n",
                                Jdbc.list(
                                        c,
                                        "EXPLAIN SELECT client_id FROM " + lookup.getKey(),
                                        row -> row.getString(1)));
                    });

                    assertThat(plan).as(lookup.getKey()).contains(lookup.getValue());
                }
            }
        }
    }
}
