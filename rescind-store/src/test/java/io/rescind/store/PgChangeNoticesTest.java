package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.feature.Feature;
import io.rescind.store.testing.TestDatabases;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Change announcements over LISTEN/NOTIFY: what a listener hears, and what it reloads when it could not hear. */
class PgChangeNoticesTest {
    /** A bound on waiting for the listener thread, not an expectation of speed. */
    private static final long WAIT_SECONDS = 30;

    private static List<ChangeTopic> take(BlockingQueue<ChangeTopic> received, int count) throws InterruptedException {
        var topics = new ArrayList<ChangeTopic>();
        for (int i = 0; i < count; i++) {
            ChangeTopic topic = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(topic).as("topic %d of %d", i + 1, count).isNotNull();
            topics.add(topic);
        }
        return topics;
    }

    @Test
    void aChangeCommittedRightAfterListenReturnsIsAnnounced() throws Exception {
        // listen() returns once LISTEN is in place: a caller that loads its state afterwards misses nothing, and a
        // store announces what it commits without being asked to.
        var database = TestDatabases.freshDatabase();
        var received = new LinkedBlockingQueue<ChangeTopic>();
        try (var store = PostgresStore.open(database, PoolSettings.of(2), Clock.systemUTC());
                var notices = PgChangeNotices.listen(database, received::add)) {
            store.features().set(Feature.INTROSPECTION, Feature.State.DISABLED);

            assertThat(take(received, 1)).containsExactly(ChangeTopic.FEATURES);
        }
    }

    @Test
    void anAnnouncementIsDeliveredOnlyWhenItsTransactionCommits() throws Exception {
        var database = TestDatabases.freshDatabase();
        var received = new LinkedBlockingQueue<ChangeTopic>();
        try (var notices = PgChangeNotices.listen(database, received::add);
                var c = connect(database)) {
            c.setAutoCommit(false);
            PgChangeNotices.publish(c, ChangeTopic.KEYS);
            c.rollback();
            PgChangeNotices.publish(c, ChangeTopic.CLIENTS);
            c.commit();

            assertThat(take(received, 1)).containsExactly(ChangeTopic.CLIENTS);
        }
    }

    @Test
    void afterLosingItsConnectionItReloadsEveryTopicAgain() throws Exception {
        var database = TestDatabases.freshDatabase();
        var received = new LinkedBlockingQueue<ChangeTopic>();
        try (var notices = PgChangeNotices.listen(database, received::add)) {
            terminateListener(database);

            assertThat(take(received, ChangeTopic.values().length)).containsExactlyInAnyOrder(ChangeTopic.values());
        }
    }

    private static java.sql.Connection connect(ConnectionSettings database) throws Exception {
        var props = new Properties();
        props.setProperty("user", database.user());
        database.password().ifPresent(p -> props.setProperty("password", p));
        return DriverManager.getConnection(database.jdbcUrl(), props);
    }

    private static void terminateListener(ConnectionSettings database) throws Exception {
        try (var c = connect(database);
                var s = c.createStatement();
                var rows = s.executeQuery("""
                        SELECT count(*) FROM (
                            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                            WHERE application_name = 'rescind-listener' AND datname = current_database()) t
                        """)) {
            rows.next();
            assertThat(rows.getInt(1)).as("listener connections terminated").isEqualTo(1);
        }
    }
}
