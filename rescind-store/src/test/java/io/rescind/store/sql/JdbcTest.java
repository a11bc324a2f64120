package io.rescind.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/** Transactions: one PostgreSQL aborts as a deadlock victim runs again, and says so. */
class JdbcTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Jdbc.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    private static Jdbc jdbc(ConnectionSettings settings) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.jdbcUrl());
        dataSource.setUser(settings.user());
        settings.password().ifPresent(dataSource::setPassword);
        return new Jdbc(dataSource);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Retry {
        /**
         * Two transactions lock rows {@code a} and {@code b} in opposite orders; PostgreSQL aborts one, which runs
         * again once the other has committed.
         */
        @OnEachDatabase
        void aDeadlockVictimRunsAgainWithAWarning(Target target) throws Exception {
            ConnectionSettings database = TestDatabases.freshDatabase(target);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                TestSql.on(database).update("CREATE TABLE t (id text PRIMARY KEY, n integer NOT NULL)");
                TestSql.on(database).update("INSERT INTO t VALUES ('a', 0), ('b', 0)");
                Jdbc jdbc = jdbc(database);
                var bothHoldTheirFirstRow = new CyclicBarrier(2);
                var attempts = new AtomicInteger();
                List<Future<Integer>> runs = List.of("a", "b").stream()
                        .map(first -> threads.submit(() -> jdbc.inTransaction(c -> {
                            String second = first.equals("a") ? "b" : "a";
                            Jdbc.update(c, "UPDATE t SET n = n + 1 WHERE id = ?", first);
                            if (attempts.incrementAndGet() <= 2) {
                                await(bothHoldTheirFirstRow);
                            }
                            return Jdbc.update(c, "UPDATE t SET n = n + 1 WHERE id = ?", second);
                        })))
                        .toList();

                for (var run : runs) {
                    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
                }

                assertThat(attempts).hasValue(3);
                assertThat(TestSql.on(database).count("SELECT sum(n) FROM t")).isEqualTo(4);
                assertThat(logged.list).singleElement().satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getFormattedMessage()).contains("40P01");
                });
            } finally {
                threads.shutdownNow();
                TestDatabases.release(database);
            }
        }
    }
}
