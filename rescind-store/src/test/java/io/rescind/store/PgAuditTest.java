package io.rescind.store;

import static io.rescind.store.testing.TestRevocations.revoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientId;
import io.rescind.core.revocation.AuditEntry;
import io.rescind.core.revocation.AuditQuery;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationKind;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.user.Subject;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit's view of the revocation log: who revoked what, when and how, newest first, filtered. */
class PgAuditTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    static final RevocationAudit ADMIN =
            new RevocationAudit("admin", RevocationInterface.ADMIN_API, Optional.of("192.0.2.7"), "ticket-42");

    static AuditQuery query(
            Optional<Instant> since, int limit, Optional<RevocationKind> kind, Optional<String> target) {
        return new AuditQuery(since, limit, kind, target);
    }

    /** The log's generation id: fixed for a database, different for another (a restore gets a new one). */
    @Nested
    class Generation {
        @OnEachDatabase
        void itOutlivesARestartAndDiffersBetweenDatabases(Target target) {
            var database = TestDatabases.freshDatabase(target);
            try {
                String first;
                try (var store = PostgresStore.open(database, PoolSettings.of(2), stores.clock)) {
                    first = store.audit().generation();
                }
                try (var again = PostgresStore.open(database, PoolSettings.of(2), stores.clock)) {
                    assertThat(again.audit().generation()).isEqualTo(first);
                }
                assertThat(first).matches("[0-9a-f]{32}");
                assertThat(stores.open(target).audit().generation()).isNotEqualTo(first);
            } finally {
                TestDatabases.release(database);
            }
        }
    }

    @Nested
    class Entries {
        @OnEachDatabase
        void anEntryCarriesWhoWhenAndHow(Target target) {
            var store = stores.open(target);
            var sub = Subject.random();
            revoke(store, new RevocationTarget.User(sub), ADMIN, FreshStores.START);

            AuditEntry entry = store.audit()
                    .entries(query(Optional.empty(), 10, Optional.of(RevocationKind.SUBJECT_EPOCH), Optional.empty()))
                    .getFirst();

            assertThat(entry.target()).isEqualTo(sub.value());
            assertThat(entry.at()).isEqualTo(FreshStores.START);
            assertThat(entry.initiator()).isEqualTo("admin");
            assertThat(entry.via()).isEqualTo("admin-api");
            assertThat(entry.callerIp()).contains("192.0.2.7");
            assertThat(entry.reason()).isEqualTo("ticket-42");
            assertThat(entry.detail()).contains("1");
        }

        @OnEachDatabase
        void entriesComeNewestFirst(Target target) {
            var store = stores.open(target);
            revoke(store, new RevocationTarget.Client(new ClientId("first")), ADMIN, FreshStores.START);
            revoke(store, new RevocationTarget.Client(new ClientId("second")), ADMIN, FreshStores.START);

            assertThat(store.audit().entries(AuditQuery.latest(10)))
                    .extracting(AuditEntry::target)
                    .containsExactly("second", "first");
        }
    }

    @Nested
    class Filters {
        @OnEachDatabase
        void theLimitKeepsTheNewest(Target target) {
            var store = stores.open(target);
            for (String id : new String[] {"a", "b", "c"}) {
                revoke(store, new RevocationTarget.Client(new ClientId(id)), ADMIN, FreshStores.START);
            }

            assertThat(store.audit().entries(AuditQuery.latest(2)))
                    .extracting(AuditEntry::target)
                    .containsExactly("c", "b");
        }

        @OnEachDatabase
        void sinceKeepsEntriesAtOrAfter(Target target) {
            var store = stores.open(target);
            var later = FreshStores.START.plus(Duration.ofHours(1));
            revoke(store, new RevocationTarget.Client(new ClientId("before")), ADMIN, FreshStores.START);
            revoke(store, new RevocationTarget.Client(new ClientId("at")), ADMIN, later);

            assertThat(store.audit().entries(query(Optional.of(later), 10, Optional.empty(), Optional.empty())))
                    .extracting(AuditEntry::target)
                    .containsExactly("at");
        }

        @OnEachDatabase
        void theKindKeepsOnlyThatKind(Target target) {
            var store = stores.open(target);
            var sub = Subject.random();
            revoke(store, new RevocationTarget.User(sub), ADMIN, FreshStores.START);
            revoke(store, new RevocationTarget.Client(new ClientId("c")), ADMIN, FreshStores.START);

            assertThat(store.audit()
                            .entries(query(
                                    Optional.empty(), 10, Optional.of(RevocationKind.CLIENT_EPOCH), Optional.empty())))
                    .extracting(AuditEntry::kind)
                    .containsExactly("client_epoch");
        }

        @OnEachDatabase
        void theTargetKeepsOnlyThatTarget(Target target) {
            var store = stores.open(target);
            revoke(store, new RevocationTarget.Client(new ClientId("kept")), ADMIN, FreshStores.START);
            revoke(store, new RevocationTarget.Client(new ClientId("other")), ADMIN, FreshStores.START);

            assertThat(store.audit().entries(query(Optional.empty(), 10, Optional.empty(), Optional.of("kept"))))
                    .extracting(AuditEntry::target)
                    .containsExactly("kept");
        }
    }
}
