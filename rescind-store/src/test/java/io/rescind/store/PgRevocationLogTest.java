package io.rescind.store;

import static io.rescind.store.testing.TestRevocations.revoke;
import static io.rescind.store.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node loads at start (DESIGN §2): live grant revocations and every non-zero epoch, and its catch-up. */
class PgRevocationLogTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private static Instant now() {
        return FreshStores.START;
    }

    private static RevocationEvent.GrantRevoked appendGrantRevocation(PostgresStore store, Instant until) {
        var event = new RevocationEvent.GrantRevoked(GrantId.random(), until);
        revoke(store, new RevocationTarget.Grant(event.grantId(), until), now().minus(Duration.ofMinutes(1)));
        return event;
    }

    /** Reading from a position (DESIGN §5): by transaction horizon, so no entry is skipped whatever the commit order. */
    @Nested
    class CatchUp {
        @OnEachDatabase
        void aReadFromAPositionFindsWhatCommittedSince(Target target) {
            var store = stores.open(target);
            var before = appendGrantRevocation(store, now().plusSeconds(60));
            var first = store.revocationLog().readAll(now());
            assertThat(first.whole()).isTrue();
            assertThat(first.events()).containsExactly(before);

            var after = appendGrantRevocation(store, now().plusSeconds(60));
            var sub = Subject.random();
            revoke(store, new RevocationTarget.User(sub), now());
            var next = store.revocationLog().readSince(first.position(), now());

            assertThat(next.whole()).isFalse();
            assertThat(next.events())
                    .contains(after, new RevocationEvent.SubjectEpochAdvanced(sub, 1))
                    .doesNotContain(before);
        }

        /**
         * An entry loaded from another cluster's dump carries a transaction id this cluster has not reached: it is
         * part of the whole state, and a read from a position does not return it again and again.
         */
        @OnEachDatabase
        void anEntryFromAnotherClustersFutureIsInTheWholeStateButNotReadAgain(Target target) {
            var store = stores.open(target);
            TestSql.on(store).update("""
                    INSERT INTO revocation_log (txid, kind, target, until, created_at, initiator, interface, reason)
                    VALUES ((pg_current_xact_id()::text::bigint + 1000000)::text::xid8, 'grant', 'foreign-grant', ?, ?,
                        'system', 'cli', 'test')
                    """, now().plusSeconds(60), now());

            var start = store.revocationLog().readAll(now());

            assertThat(start.events()).hasSize(1);
            assertThat(store.revocationLog().readSince(start.position(), now()).events())
                    .isEmpty();
        }

        /**
         * The interleaving a read by sequence number gets wrong: a transaction takes a sequence number, another takes
         * the next one and commits first. The reader must still find the first once it commits.
         */
        @OnEachDatabase
        void anEntryWhoseTransactionCommitsAfterALaterOneIsNotSkipped(Target target) throws Exception {
            var store = stores.open(target);
            var start = store.revocationLog().readAll(now());
            try (Connection slow = TestDatabases.connect(store.connectionSettings())) {
                slow.setAutoCommit(false);
                long slowSeq = Jdbc.one(slow, """
                                INSERT INTO revocation_log (kind, target, until, created_at, initiator, interface, reason)
                                VALUES ('grant', 'slow-grant', ?, ?, 'system', 'cli', 'test') RETURNING seq
                                """, row -> row.getLong(1), now().plusSeconds(60), now())
                        .orElseThrow();
                var fast = appendGrantRevocation(store, now().plusSeconds(60));
                assertThat(TestSql.on(store).count("SELECT max(seq) FROM revocation_log"))
                        .as("precondition: the entry that committed first has the later sequence number")
                        .isGreaterThan(slowSeq);

                var whileSlowRuns = store.revocationLog().readSince(start.position(), now());
                assertThat(whileSlowRuns.events()).containsExactly(fast);

                slow.commit();

                var afterSlowCommits = store.revocationLog().readSince(whileSlowRuns.position(), now());
                assertThat(afterSlowCommits.events())
                        .contains(new RevocationEvent.GrantRevoked(new GrantId("slow-grant"), now().plusSeconds(60)));
            }
        }

        @OnEachDatabase
        void aNewLogGenerationAnswersTheWholeState(Target target) {
            var store = stores.open(target);
            var event = appendGrantRevocation(store, now().plusSeconds(60));
            var first = store.revocationLog().readAll(now());

            TestSql.on(store).update("UPDATE log_generation SET id = 'restored'");
            var next = store.revocationLog().readSince(first.position(), now());

            assertThat(next.whole()).isTrue();
            assertThat(next.position().generation()).isEqualTo("restored");
            assertThat(next.events()).contains(event);
        }

        @OnEachDatabase
        void anEntryWhoseTokensHaveExpiredIsNotRead(Target target) {
            var store = stores.open(target);
            var first = store.revocationLog().readAll(now());
            appendGrantRevocation(store, now().minusSeconds(1));

            assertThat(store.revocationLog().readSince(first.position(), now()).events())
                    .isEmpty();
        }
    }

    @Nested
    class GrantRevocations {
        @OnEachDatabase
        void aGrantRevocationWhoseTokensStillLiveIsLive(Target target) {
            var store = stores.open(target);
            var event = appendGrantRevocation(store, now().plusSeconds(1));

            assertThat(store.revocationLog().readAll(now()).events()).containsExactly(event);
        }

        @OnEachDatabase
        void aGrantRevocationWhoseTokensHaveExpiredIsSkipped(Target target) {
            var store = stores.open(target);
            appendGrantRevocation(store, now().minusSeconds(1));
            appendGrantRevocation(store, now());

            assertThat(store.revocationLog().readAll(now()).events()).isEmpty();
        }

        @OnEachDatabase
        void liveGrantRevocationsComeInLogOrder(Target target) {
            var store = stores.open(target);
            var first = appendGrantRevocation(store, now().plus(Duration.ofMinutes(5)));
            appendGrantRevocation(store, now().minus(Duration.ofMinutes(5)));
            var third = appendGrantRevocation(store, now().plus(Duration.ofMinutes(1)));

            assertThat(store.revocationLog().readAll(now()).events()).containsExactly(first, third);
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

            assertThat(store.revocationLog().readAll(now()).events())
                    .containsExactly(new RevocationEvent.SubjectEpochAdvanced(sub, 2));
        }

        @OnEachDatabase
        void anAdvancedClientEpochIsLive(Target target) {
            var store = stores.open(target);
            var client = new ClientId("app");
            TestSql.on(store).advanceClientEpoch(client);

            assertThat(store.revocationLog().readAll(now()).events())
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

            assertThat(store.revocationLog().readAll(now()).events()).isEmpty();
        }

        @OnEachDatabase
        void anEpochIsLiveWhateverTheTime(Target target) {
            var store = stores.open(target);
            var sub = Subject.random();
            TestSql.on(store).advanceSubjectEpoch(sub);

            assertThat(store.revocationLog()
                            .readAll(now().plus(Duration.ofDays(3650)))
                            .events())
                    .containsExactly(new RevocationEvent.SubjectEpochAdvanced(sub, 1));
        }
    }
}
