package io.rescind.store;

import static io.rescind.store.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.CascadePolicy;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a committed revocation tells its caller and the other processes on the database. */
class PgRevocationsTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    static final RevocationAudit AUDIT = RevocationAudit.system(RevocationInterface.CLI, "test");

    @OnEachDatabase
    void itAnswersTheSequenceNumberOfItsLastLogEntry(Target target) {
        var store = stores.open(target);

        var executed = store.revocations()
                .execute(CascadePolicy.of(new RevocationTarget.Client(new ClientId("c"))), AUDIT, FreshStores.START);

        long newest = TestSql.on(store)
                .one("SELECT max(seq) FROM revocation_log", row -> row.getLong(1))
                .orElseThrow();
        assertThat(executed.lastSeq()).hasValue(newest);
    }

    @OnEachDatabase
    void aRevocationThatChangesNothingAnswersNoSequenceNumber(Target target) {
        var store = stores.open(target);
        var grant = new RevocationTarget.Grant(GrantId.random(), FreshStores.START.plusSeconds(60));
        store.revocations().execute(CascadePolicy.of(grant), AUDIT, FreshStores.START);

        var again = store.revocations().execute(CascadePolicy.of(grant), AUDIT, FreshStores.START);

        assertThat(again.lastSeq()).isEmpty();
    }

    /** An admin change and its revocation (DESIGN §1.3) commit together or not at all. */
    @OnEachDatabase
    void anAdminChangeCommitsWithItsRevocation(Target target) {
        var store = stores.open(target);
        User alice = user("alice").build();
        store.users().save(alice);
        var disabled = alice.withStatus(UserStatus.DISABLED);

        store.revocations()
                .execute(effectsWith(alice, new RevocationEffect.SaveUser(disabled)), AUDIT, FreshStores.START);

        assertThat(store.users().find(alice.sub()).orElseThrow().isActive()).isFalse();
        assertThat(subjectEpoch(store, alice)).isEqualTo(1L);
    }

    @OnEachDatabase
    void anAdminChangeThatFailsRollsBackItsRevocation(Target target) {
        var store = stores.open(target);
        User alice = user("alice").email("alice@example.com").build();
        User bob = user("bob").email("bob@example.com").build();
        store.users().save(alice);
        store.users().save(bob);
        var clash = new RevocationEffect.SaveUser(
                user("alice").sub(alice.sub()).email("bob@example.com").build());

        assertThatThrownBy(() -> store.revocations().execute(effectsWith(alice, clash), AUDIT, FreshStores.START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email");

        assertThat(subjectEpoch(store, alice)).isZero();
        assertThat(store.users().find(alice.sub()).orElseThrow().email()).isEqualTo(alice.email());
        assertThat(TestSql.on(store).one("SELECT count(*) FROM revocation_log", row -> row.getLong(1)))
                .contains(0L);
    }

    private static java.util.List<RevocationEffect> effectsWith(User user, RevocationEffect.AdminChangeEffect change) {
        var effects = new java.util.ArrayList<>(CascadePolicy.of(new RevocationTarget.User(user.sub())));
        effects.add(change);
        return effects;
    }

    private static long subjectEpoch(PostgresStore store, User user) {
        return TestSql.on(store)
                .one(
                        "SELECT epoch FROM subject_epochs WHERE sub = ?",
                        row -> row.getLong(1),
                        user.sub().value())
                .orElseThrow();
    }

    @Test
    void otherProcessesAreToldOfACommittedRevocation() throws Exception {
        // An admin command revokes beside a running server: the server must learn it without a restart.
        var database = TestDatabases.freshDatabase();
        var received = new LinkedBlockingQueue<ChangeTopic>();
        try (var store = PostgresStore.open(database, 2, Clock.systemUTC());
                var notices = PgChangeNotices.listen(database, received::add)) {
            store.revocations()
                    .execute(
                            CascadePolicy.of(new RevocationTarget.Client(new ClientId("c"))), AUDIT, FreshStores.START);

            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo(ChangeTopic.REVOCATIONS);
        }
    }
}
