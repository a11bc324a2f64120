package io.rescind.store;

import static io.rescind.store.testing.TestGrants.code;
import static io.rescind.store.testing.TestGrants.redemption;
import static io.rescind.store.testing.TestGrants.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.grant.CodeOutcome;
import io.rescind.core.grant.Grant;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.session.LoginSession;
import io.rescind.core.session.LoginTransaction;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestGrants;
import io.rescind.store.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pruning deletes only what can no longer matter (DESIGN §2 invariant 4), and says how much it deleted. */
class PgMaintenanceTest {
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    /** Prunes are run at this instant; rows are arranged around it. */
    private static final Instant NOW = FreshStores.START.plus(Duration.ofDays(2));

    private static long rows(PostgresStore store, String table) {
        return TestSql.on(store).count("SELECT count(*) FROM " + table);
    }

    private static Grant redeem(PostgresStore store, Instant at, Duration refreshTtl) {
        byte[] codeHash = tokenHash();
        store.grants().saveCode(codeHash, code(at).build());
        var redemption = redemption(codeHash, at).refreshToken(tokenHash(), at.plus(refreshTtl));
        return ((CodeOutcome.Redeemed) store.grants().redeemCode(redemption.build())).grant();
    }

    @OnEachDatabase
    void aPruneOfNothingExpiredDeletesNothing(Target target) {
        var store = stores.openWithGrantUser(target);
        store.jtiReplay().firstUse("client-a", "jti", NOW.plusSeconds(60));
        store.loginAttempts().recordFailure("alice", NOW);

        assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isZero();
        assertThat(rows(store, "jti_replay") + rows(store, "login_failures")).isEqualTo(2);
    }

    @Nested
    class AuthorizationCodes {
        @OnEachDatabase
        void aCodeIsKeptForAnHourAfterItExpiresSoAReplayStillRevokes(Target target) {
            var store = stores.openWithGrantUser(target);
            store.grants()
                    .saveCode(
                            tokenHash(), code(NOW.minus(Duration.ofMinutes(59))).build());

            assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isZero();
            assertThat(rows(store, "authorization_codes")).isEqualTo(1);
        }

        @OnEachDatabase
        void aCodeExpiredMoreThanAnHourAgoIsDeleted(Target target) {
            var store = stores.openWithGrantUser(target);
            store.grants()
                    .saveCode(
                            tokenHash(), code(NOW.minus(Duration.ofMinutes(62))).build());

            assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isEqualTo(1);
            assertThat(rows(store, "authorization_codes")).isZero();
        }
    }

    @Nested
    class LoginTransactions {
        @OnEachDatabase
        void expiredTransactionsAreDeletedAndLiveOnesKept(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] live = tokenHash();
            store.loginTransactions()
                    .save(live, new LoginTransaction(FormParameters.empty(), tokenHash(), NOW.plusSeconds(1)));
            store.loginTransactions()
                    .save(tokenHash(), new LoginTransaction(FormParameters.empty(), tokenHash(), NOW.minusSeconds(1)));

            assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isEqualTo(1);
            assertThat(store.loginTransactions().find(live, NOW)).isPresent();
            assertThat(rows(store, "login_transactions")).isEqualTo(1);
        }
    }

    @Nested
    class JtiReplay {
        @OnEachDatabase
        void aJtiIsKeptFiveMinutesPastItsExpiryForClockSkew(Target target) {
            var store = stores.openWithGrantUser(target);
            store.jtiReplay().firstUse("client-a", "recent", NOW.minus(Duration.ofMinutes(4)));
            store.jtiReplay().firstUse("client-a", "old", NOW.minus(Duration.ofMinutes(6)));

            assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isEqualTo(1);
            assertThat(store.jtiReplay().firstUse("client-a", "recent", NOW)).isFalse();
            assertThat(store.jtiReplay().firstUse("client-a", "old", NOW)).isTrue();
        }
    }

    @Nested
    class Batches {
        @OnEachDatabase
        void aBacklogLargerThanABatchIsDeletedWholeBatchByBatch(Target target) {
            var store = stores.openWithGrantUser(target);
            for (int i = 0; i < 7; i++) {
                store.jtiReplay().firstUse("client-a", "old-" + i, NOW.minus(Duration.ofMinutes(6)));
            }
            store.jtiReplay().firstUse("client-a", "recent", NOW);

            try (var database = Database.open(store.connectionSettings(), PoolSettings.of(1))) {
                var threeAtATime = new PgMaintenance(database.jdbc(), 3);

                assertThat(threeAtATime.prune(NOW, FAILURE_WINDOW)).isEqualTo(7);
            }
            assertThat(rows(store, "jti_replay")).isEqualTo(1);
        }
    }

    @Nested
    class LoginFailures {
        @OnEachDatabase
        void failuresOlderThanTheWindowAreDeleted(Target target) {
            var store = stores.openWithGrantUser(target);
            store.loginAttempts()
                    .recordFailure("alice", NOW.minus(FAILURE_WINDOW).minusSeconds(1));
            store.loginAttempts()
                    .recordFailure("alice", NOW.minus(FAILURE_WINDOW).plusSeconds(1));

            assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isEqualTo(1);
            assertThat(rows(store, "login_failures")).isEqualTo(1);
        }
    }

    @Nested
    class Sessions {
        private void createSession(PostgresStore store, Instant expiresAt) {
            Instant start = expiresAt.minus(Duration.ofHours(8));
            store.sessions()
                    .create(
                            new LoginSession(SessionId.random(), Subject.random(), start, start, expiresAt),
                            tokenHash());
        }

        @OnEachDatabase
        void sessionsAreKeptADayPastTheirExpiryAndThenDeleted(Target target) {
            var store = stores.open(target);
            createSession(store, NOW.minus(Duration.ofHours(23)));
            createSession(store, NOW.minus(Duration.ofHours(25)));

            assertThat(store.maintenance().prune(NOW, FAILURE_WINDOW)).isEqualTo(1);
            assertThat(rows(store, "sessions")).isEqualTo(1);
        }
    }

    /** A grant matters while an access or refresh token of it can still be presented. */
    @Nested
    class Grants {
        @OnEachDatabase
        void aGrantWhoseTokensHaveAllExpiredIsDeletedWithItsRefreshTokens(Target target) {
            var store = stores.openWithGrantUser(target);
            redeem(store, NOW.minus(Duration.ofDays(1)), Duration.ofHours(1));

            store.maintenance().prune(NOW, FAILURE_WINDOW);

            assertThat(rows(store, "grants")).isZero();
            assertThat(rows(store, "refresh_tokens")).isZero();
        }

        @OnEachDatabase
        void aGrantWithALiveRefreshTokenIsKept(Target target) {
            var store = stores.openWithGrantUser(target);
            Grant grant = redeem(store, NOW.minus(Duration.ofDays(1)), TestGrants.REFRESH_TTL);

            store.maintenance().prune(NOW, FAILURE_WINDOW);

            assertThat(TestSql.on(store)
                            .count(
                                    "SELECT count(*) FROM grants WHERE grant_id = ?",
                                    grant.id().value()))
                    .isEqualTo(1);
        }

        @OnEachDatabase
        void aGrantWithALiveAccessTokenIsKept(Target target) {
            var store = stores.openWithGrantUser(target);
            redeem(store, NOW.minus(TestGrants.ACCESS_TTL).plusSeconds(1), Duration.ofSeconds(1));

            store.maintenance().prune(NOW, FAILURE_WINDOW);

            assertThat(rows(store, "grants")).isEqualTo(1);
        }

        @OnEachDatabase
        void anExpiredRefreshTokenOfAKeptGrantIsDeleted(Target target) {
            var store = stores.openWithGrantUser(target);
            Instant issued = NOW.minus(Duration.ofDays(1));
            redeem(store, issued, TestGrants.REFRESH_TTL);
            TestSql.on(store)
                    .update(
                            "INSERT INTO refresh_tokens (token_hash, grant_id, generation, issued_at, expires_at)"
                                    + " SELECT ?, grant_id, 7, ?, ? FROM grants",
                            tokenHash(),
                            issued,
                            NOW.minusSeconds(1));

            store.maintenance().prune(NOW, FAILURE_WINDOW);

            assertThat(rows(store, "refresh_tokens")).isEqualTo(1);
            assertThat(rows(store, "grants")).isEqualTo(1);
        }
    }
}
