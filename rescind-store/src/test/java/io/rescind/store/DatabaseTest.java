package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.testing.TestClock;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** Opening the database: the durability check (DESIGN §2 invariant 1) and migrations safe for concurrent nodes. */
class DatabaseTest {
    private final List<ConnectionSettings> created = new ArrayList<>();

    /** An empty database; on the machine's PostgreSQL, dropped after the test. */
    private ConnectionSettings freshDatabase(Target target) {
        ConnectionSettings database = TestDatabases.freshDatabase(target);
        created.add(database);
        return database;
    }

    @AfterEach
    void releaseDatabases() {
        created.forEach(TestDatabases::release);
    }

    private static String databaseName(ConnectionSettings settings) {
        return settings.jdbcUrl().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
    }

    private static String show(ConnectionSettings settings, String setting) throws SQLException {
        var props = new Properties();
        props.setProperty("user", settings.user());
        settings.password().ifPresent(p -> props.setProperty("password", p));
        try (var c = DriverManager.getConnection(settings.jdbcUrl(), props)) {
            return Database.show(c, setting);
        }
    }

    /** DESIGN §2 invariant 1: a database that could lose a committed revocation in a crash is refused. */
    @Nested
    class Durability {
        @OnEachDatabase
        void aDatabaseWithSynchronousCommitOffIsRefusedNamingTheSetting(Target target) throws SQLException {
            ConnectionSettings settings = freshDatabase(target);
            TestSql.on(settings).update("ALTER DATABASE " + databaseName(settings) + " SET synchronous_commit = off");
            assertThat(show(settings, "synchronous_commit")).isEqualTo("off");

            assertThatThrownBy(() -> PostgresStore.open(settings, 4, new TestClock()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("synchronous_commit");
        }

        @OnEachDatabase
        void aConnectionThatTurnsSynchronousCommitOffIsRefused(Target target) throws SQLException {
            ConnectionSettings fresh = freshDatabase(target);
            var settings = new ConnectionSettings(
                    fresh.jdbcUrl() + "?options=-c%20synchronous_commit%3Doff", fresh.user(), fresh.password());
            assertThat(show(settings, "synchronous_commit")).isEqualTo("off");

            assertThatThrownBy(() -> PostgresStore.open(settings, 4, new TestClock()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("synchronous_commit");
        }

        @OnEachDatabase
        void aRefusedDatabaseIsLeftUnmigrated(Target target) {
            ConnectionSettings settings = freshDatabase(target);
            var sql = TestSql.on(settings);
            sql.update("ALTER DATABASE " + databaseName(settings) + " SET synchronous_commit = off");

            assertThatThrownBy(() -> PostgresStore.open(settings, 4, new TestClock()))
                    .isInstanceOf(StoreException.class);

            assertThat(sql.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                    .isZero();
        }
    }

    /** DESIGN §5: several nodes may start at once on one database; Flyway's lock makes one of them migrate. */
    @Nested
    class Migrations {
        @OnEachDatabase
        void twoNodesOpeningOneFreshDatabaseAtOnceBothSucceed(Target target) throws Exception {
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    ConnectionSettings settings = freshDatabase(target);
                    var barrier = new CyclicBarrier(2);
                    List<Future<PostgresStore>> opening = new ArrayList<>();
                    for (int node = 0; node < 2; node++) {
                        opening.add(nodes.submit(() -> {
                            barrier.await();
                            return PostgresStore.open(settings, 2, new TestClock());
                        }));
                    }
                    for (var store : opening) {
                        store.get().close();
                    }

                    assertThat(
                                    TestSql.on(settings)
                                            .count(
                                                    "SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success"))
                            .isEqualTo(1);
                }
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    /** The revocation cascade looks codes up by session and by user (PgCascade): through an index, not a scan. */
    @Nested
    class Indexes {
        @OnEachDatabase
        void theCascadesLookupsOfCodesUseAnIndex(Target target) {
            ConnectionSettings settings = freshDatabase(target);
            try (var store = PostgresStore.open(settings, 2, new TestClock())) {
                var lookups = Map.of(
                        "sid = 'a-session'", "authorization_codes_by_sid",
                        "sub = 'a-user'", "authorization_codes_by_sub");
                for (var lookup : lookups.entrySet()) {
                    String plan = TestSql.on(store).inTransaction(c -> {
                        // Without it, the planner scans a table this small even when an index could serve.
                        Jdbc.update(c, "SET LOCAL enable_seqscan = off");
                        return String.join(
                                "\n",
                                Jdbc.list(
                                        c,
                                        "EXPLAIN SELECT client_id FROM authorization_codes WHERE " + lookup.getKey(),
                                        row -> row.getString(1)));
                    });

                    assertThat(plan).as(lookup.getKey()).contains(lookup.getValue());
                }
            }
        }
    }
}
