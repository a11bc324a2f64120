package io.rescind.store.testing;

import io.rescind.core.testing.TestClock;
import io.rescind.store.PoolSettings;
import io.rescind.store.PostgresStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens {@link PostgresStore}s on fresh, empty databases and closes them after each test. Register it with
 * {@code @RegisterExtension}; {@link #clock} is the stores' clock and starts at {@link #START}.
 */
public final class FreshStores implements AfterEachCallback {
    /** Whole seconds, so no instant a test derives from it is rounded by PostgreSQL's microseconds. */
    public static final Instant START = Instant.parse("2031-05-04T10:00:00Z");

    public final TestClock clock = new TestClock(START);
    private final List<PostgresStore> opened = new ArrayList<>();
    private final FreshDatabases databases = new FreshDatabases();

    public PostgresStore open(TestDatabases.Target target) {
        var store = PostgresStore.open(databases.create(target), PoolSettings.of(4), clock);
        opened.add(store);
        return store;
    }

    /**
     * A store with the user of every test code and grant ({@link TestGrants#SUB}, active) and its live login session
     * ({@link TestGrants#SID}).
     */
    public PostgresStore openWithGrantUser(TestDatabases.Target target) {
        var store = open(target);
        store.users().save(TestUsers.user("grant-user").sub(TestGrants.SUB).build());
        store.sessions()
                .create(
                        new io.rescind.core.session.LoginSession(
                                TestGrants.SID, TestGrants.SUB, START, START, START.plus(java.time.Duration.ofDays(1))),
                        io.rescind.core.secret.Entropy.bytes(32));
        return store;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(PostgresStore::close);
        opened.clear();
        databases.afterEach(context);
    }
}
