package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.CascadePolicy;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationTarget;
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
