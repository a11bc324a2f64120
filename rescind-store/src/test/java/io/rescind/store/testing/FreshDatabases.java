package io.rescind.store.testing;

import io.rescind.store.ConnectionSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands out fresh, empty databases and releases them after each test (on the machine's PostgreSQL, dropped). Register
 * it with {@code @RegisterExtension}; for stores opened on them, {@link FreshStores}.
 */
public final class FreshDatabases implements AfterEachCallback {
    private final List<ConnectionSettings> created = new ArrayList<>();

    /** A fresh database of the embedded PostgreSQL. */
    public ConnectionSettings create() {
        return create(TestDatabases.Target.EMBEDDED);
    }

    public ConnectionSettings create(TestDatabases.Target target) {
        ConnectionSettings database = TestDatabases.freshDatabase(target);
        created.add(database);
        return database;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        created.forEach(TestDatabases::release);
        created.clear();
    }
}
