package io.rescind.store;

import static io.rescind.store.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.user.Subject;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node loads at start (DESIGN §2): live grant revocations and every non-zero epoch. */
class PgRevocationLogTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private static Instant now() {
        return FreshStores.START;
    }

    private static RevocationEvent.GrantRevoked appendGrantRevocation(PostgresStore store, Instant until) {
        var event = new RevocationEvent.GrantRevoked(GrantId.random(), until);
        store.revocations()
                .execute(
                        io.rescind.core.revocation.CascadePolicy.of(
                                new io.rescind.core.revocation.RevocationTarget.Grant(event.grantId(), until)),
                        io.rescind.core.revocation.RevocationAudit.system(
                                io.rescind.core.revocation.RevocationInterface.CLI, "test"),
                        now().minus(Duration.ofMinutes(1)));
        return event;
    }

    @Nested
    class GrantRevocations {
        @OnEachDatabase
        void aGrantRevocationWhoseTokensStillLiveIsLive(Target target) {
            var store = stores.open(target);
            var event = appendGrantRevocation(store, now().plusSeconds(1));

            assertThat(store.revocationLog().live(now())).containsExactly(event);
        }

        @OnEachDatabase
        void aGrantRevocationWhoseTokensHaveExpiredIsSkipped(Target target) {
            var store = stores.open(target);
            appendGrantRevocation(store, now().minusSeconds(1));
            appendGrantRevocation(store, now());

            assertThat(store.revocationLog().live(now())).isEmpty();
        }

        @OnEachDatabase
        void liveGrantRevocationsComeInLogOrder(Target target) {
            var store = stores.open(target);
            var first = appendGrantRevocation(store, now().plus(Duration.ofMinutes(5)));
            appendGrantRevocation(store, now().minus(Duration.ofMinutes(5)));
            var third = appendGrantRevocation(store, now().plus(Duration.ofMinutes(1)));

            assertThat(store.revocationLog().live(now())).containsExactly(first, third);
        }
    }

    @Nested
    class EpochAdvances {
        @OnEachDatabase
        void anAdvancedSubjectEpochIsLive(Target target) {
            var store = stores.open(target);
            var sub = Subject.random();
            TestSql.on(store).advanceSubjectEpoch(sub);
            TestSql.on(store).advanceSubjectEpoch(sub);

            assertThat(store.revocationLog().live(now()))
                    .containsExactly(new RevocationEvent.SubjectEpochAdvanced(sub, 2));
        }

        @OnEachDatabase
        void anAdvancedClientEpochIsLive(Target target) {
            var store = stores.open(target);
            var client = new ClientId("app");
            TestSql.on(store).advanceClientEpoch(client);

            assertThat(store.revocationLog().live(now()))
                    .containsExactly(new RevocationEvent.ClientEpochAdvanced(client, 1));
        }

        @OnEachDatabase
        void epochsAtZeroAreNotReturned(Target target) {
            var store = stores.open(target);
            store.users().save(user("alice").build());
            store.clients()
                    .save(new ClientBuilder(new ClientId("app"))
                            .authMethod(TokenEndpointAuthMethod.NONE)
                            .redirectUris(List.of(URI.create("https://app.example/cb")))
                            .build());

            assertThat(store.revocationLog().live(now())).isEmpty();
        }

        @OnEachDatabase
        void anEpochIsLiveWhateverTheTime(Target target) {
            var store = stores.open(target);
            var sub = Subject.random();
            TestSql.on(store).advanceSubjectEpoch(sub);

            assertThat(store.revocationLog().live(now().plus(Duration.ofDays(3650))))
                    .containsExactly(new RevocationEvent.SubjectEpochAdvanced(sub, 1));
        }
    }
}
