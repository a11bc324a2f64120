package io.rescind.store;

import static io.rescind.store.testing.TestGrants.ACCESS_TTL;
import static io.rescind.store.testing.TestGrants.CLIENT;
import static io.rescind.store.testing.TestGrants.OTHER_CLIENT;
import static io.rescind.store.testing.TestGrants.REFRESH_TTL;
import static io.rescind.store.testing.TestGrants.SUB;
import static io.rescind.store.testing.TestGrants.code;
import static io.rescind.store.testing.TestGrants.redemption;
import static io.rescind.store.testing.TestGrants.rotation;
import static io.rescind.store.testing.TestGrants.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.grant.CodeOutcome;
import io.rescind.core.grant.Grant;
import io.rescind.core.grant.RefreshOutcome;
import io.rescind.core.grant.Refusal;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refresh with rotation as one compare-and-set (RFC 6749 §6, RFC 9700 §4.14.2 reuse detection, DESIGN §2): a rotated
 * token presented again revokes its grant, unless it is the previous one within the reuse grace.
 */
class PgGrantsRefreshRotationTest {
    private static final Duration GRACE = Duration.ofSeconds(30);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private PostgresStore store;
    private Grant grant;
    /** The refresh token the code exchange issued. */
    private byte[] first;

    private Instant now() {
        return stores.clock.instant();
    }

    /** Opens a store and redeems a code into a grant with a refresh token, as the first token request would. */
    private void issueGrant(Target target) {
        store = stores.openWithGrantUser(target);
        issueAnotherGrant();
    }

    private void issueAnotherGrant() {
        byte[] codeHash = tokenHash();
        store.grants().saveCode(codeHash, code(now()).build());
        first = tokenHash();
        var outcome = store.grants()
                .redeemCode(redemption(codeHash, now()).refreshToken(first).build());
        grant = ((CodeOutcome.Redeemed) outcome).grant();
    }

    /** Rotates {@code presented} to a new token a few seconds later, strictly; answers the new token's hash. */
    private byte[] rotate(byte[] presented) {
        stores.clock.advance(Duration.ofSeconds(5));
        byte[] next = tokenHash();
        assertThat(store.grants()
                        .rotateRefreshToken(
                                rotation(presented, now()).next(next).build()))
                .isInstanceOf(RefreshOutcome.Rotated.class);
        return next;
    }

    private static Refusal refused(RefreshOutcome outcome) {
        assertThat(outcome).isInstanceOf(RefreshOutcome.Refused.class);
        return ((RefreshOutcome.Refused) outcome).refusal();
    }

    private Optional<Instant> revokedAt() {
        return TestSql.on(store)
                .one(
                        "SELECT revoked_at FROM grants WHERE grant_id = ?",
                        row -> Jdbc.optionalInstant(row, "revoked_at"),
                        grant.id().value())
                .orElseThrow();
    }

    private long loggedRevocations() {
        return TestSql.on(store)
                .count(
                        "SELECT count(*) FROM revocation_log WHERE target = ?",
                        grant.id().value());
    }

    /** The user is read under the same transaction: nothing that can refuse is left for after the commit. */
    @Nested
    class User {
        @OnEachDatabase
        void aDisabledUsersRefreshTokenIsRefusedWithoutRevokingTheGrant(Target target) {
            issueGrant(target);
            var user = store.users().find(SUB).orElseThrow();
            store.users().save(user.withStatus(io.rescind.core.user.UserStatus.DISABLED));

            var refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.error()).isEqualTo(io.rescind.core.protocol.OAuthError.INVALID_GRANT);
            assertThat(revokedAt()).isEmpty();
            assertThat(store.grants().findActiveRefreshToken(first, now())).isEmpty();
        }

        @OnEachDatabase
        void aDeletedUsersRefreshTokenIsRefused(Target target) {
            issueGrant(target);
            store.users().remove(SUB);

            assertThat(refused(store.grants()
                                    .rotateRefreshToken(rotation(first, now()).build()))
                            .description())
                    .contains("no longer active");
            assertThat(store.grants().findActiveRefreshToken(first, now())).isEmpty();
        }
    }

    @Nested
    class Rotation {
        @OnEachDatabase
        void rotatingTheCurrentTokenAnswersItsGrant(Target target) {
            issueGrant(target);

            var outcome =
                    store.grants().rotateRefreshToken(rotation(first, now()).build());

            assertThat(outcome).isInstanceOfSatisfying(RefreshOutcome.Rotated.class, rotated -> {
                assertThat(rotated.grant()).isEqualTo(grant);
                assertThat(rotated.user().sub()).isEqualTo(SUB);
                assertThat(rotated.user()).isEqualTo(store.users().find(SUB).orElseThrow());
            });
        }

        @OnEachDatabase
        void theRotatedTokenIsNoLongerActive(Target target) {
            issueGrant(target);

            rotate(first);

            assertThat(store.grants().findActiveRefreshToken(first, now())).isEmpty();
        }

        @OnEachDatabase
        void theNewTokenIsActiveForTheSameGrant(Target target) {
            issueGrant(target);

            byte[] next = rotate(first);

            var active = store.grants().findActiveRefreshToken(next, now());
            assertThat(active).isPresent();
            assertThat(active.get().grant()).isEqualTo(grant);
            assertThat(active.get().user()).isEqualTo(store.users().find(SUB).orElseThrow());
            assertThat(active.get().issuedAt()).isEqualTo(now());
            assertThat(active.get().expiresAt()).isEqualTo(now().plus(REFRESH_TTL));
        }

        @OnEachDatabase
        void theNewTokenRotatesInItsTurn(Target target) {
            issueGrant(target);
            byte[] second = rotate(first);

            byte[] third = rotate(second);

            assertThat(store.grants().findActiveRefreshToken(second, now())).isEmpty();
            assertThat(store.grants().findActiveRefreshToken(third, now())).isPresent();
        }

        @OnEachDatabase
        void aLaterRevocationLastsUntilTheLatestAccessTokenOfTheGrantExpires(Target target) {
            issueGrant(target);
            rotate(first);
            Instant lastAccessExpiry = now().plus(ACCESS_TTL);

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.revocations()).contains(new RevocationEvent.GrantRevoked(grant.id(), lastAccessExpiry));
        }

        @OnEachDatabase
        void anUnknownTokenIsRefusedWithInvalidGrant(Target target) {
            issueGrant(target);

            Refusal refusal = refused(store.grants()
                    .rotateRefreshToken(rotation(tokenHash(), now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
        }
    }

    /** RFC 9700 §4.14.2: a rotated refresh token presented again means a leak; the whole grant is revoked. */
    @Nested
    class StrictReuse {
        @OnEachDatabase
        void aRotatedTokenPresentedAgainIsRefusedWithInvalidGrant(Target target) {
            issueGrant(target);
            rotate(first);

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
        }

        @OnEachDatabase
        void aRotatedTokenPresentedAgainRevokesTheGrant(Target target) {
            issueGrant(target);
            rotate(first);

            store.grants().rotateRefreshToken(rotation(first, now()).build());

            assertThat(revokedAt()).contains(now());
            assertThat(loggedRevocations()).isEqualTo(1);
        }

        @OnEachDatabase
        void theRefusalCarriesTheRevocation(Target target) {
            issueGrant(target);
            rotate(first);

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.revocations())
                    .extracting(event -> ((RevocationEvent.GrantRevoked) event).grantId())
                    .contains(grant.id());
        }

        @OnEachDatabase
        void afterReuseTheCurrentTokenDiesToo(Target target) {
            issueGrant(target);
            byte[] current = rotate(first);

            store.grants().rotateRefreshToken(rotation(first, now()).build());

            assertThat(store.grants().findActiveRefreshToken(current, now())).isEmpty();
            assertThat(store.grants()
                            .rotateRefreshToken(rotation(current, now()).build()))
                    .isInstanceOf(RefreshOutcome.Refused.class);
        }
    }

    /** The previous token within the grace is a lost response retried, not a leak: refused, grant kept. */
    @Nested
    class ReuseGrace {
        @OnEachDatabase
        void thePreviousTokenWithinTheGraceIsRefusedWithoutRevoking(Target target) {
            issueGrant(target);
            byte[] current = rotate(first);
            stores.clock.advance(GRACE.minusSeconds(1));

            Refusal refusal = refused(store.grants()
                    .rotateRefreshToken(rotation(first, now()).reuseGrace(GRACE).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(refusal.revocations()).isEmpty();
            assertThat(revokedAt()).isEmpty();
            assertThat(store.grants().findActiveRefreshToken(current, now())).isPresent();
        }

        @OnEachDatabase
        void thePreviousTokenRevokesOnceTheGraceIsOver(Target target) {
            issueGrant(target);
            rotate(first);
            stores.clock.advance(GRACE);

            Refusal refusal = refused(store.grants()
                    .rotateRefreshToken(rotation(first, now()).reuseGrace(GRACE).build()));

            assertThat(refusal.revocations()).isNotEmpty();
            assertThat(revokedAt()).contains(now());
        }

        @OnEachDatabase
        void aTokenTwoRotationsOldRevokesEvenWithinTheGrace(Target target) {
            issueGrant(target);
            byte[] second = rotate(first);
            rotate(second);

            Refusal refusal = refused(store.grants()
                    .rotateRefreshToken(rotation(first, now()).reuseGrace(GRACE).build()));

            assertThat(refusal.revocations()).isNotEmpty();
            assertThat(revokedAt()).isPresent();
        }
    }

    /** RFC 6749 §6: the refresh token must have been issued to the authenticated client. */
    @Nested
    class ClientBinding {
        @OnEachDatabase
        void anotherClientsRefreshTokenIsRefused(Target target) {
            issueGrant(target);

            Refusal refusal = refused(store.grants()
                    .rotateRefreshToken(
                            rotation(first, now()).clientId(OTHER_CLIENT).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(refusal.revocations()).isEmpty();
        }

        @OnEachDatabase
        void anotherClientPresentingTheTokenNeitherRotatesNorRevokesIt(Target target) {
            issueGrant(target);

            store.grants()
                    .rotateRefreshToken(
                            rotation(first, now()).clientId(OTHER_CLIENT).build());

            assertThat(revokedAt()).isEmpty();
            assertThat(store.grants().rotateRefreshToken(rotation(first, now()).build()))
                    .isInstanceOf(RefreshOutcome.Rotated.class);
        }
    }

    @Nested
    class Expiry {
        @OnEachDatabase
        void aTokenRotatesUntilTheLastMicrosecondOfItsLifetime(Target target) {
            issueGrant(target);
            Instant beforeExpiry = now().plus(REFRESH_TTL).minusNanos(1_000);

            var outcome = store.grants()
                    .rotateRefreshToken(rotation(first, beforeExpiry).build());

            assertThat(outcome).isInstanceOf(RefreshOutcome.Rotated.class);
        }

        @OnEachDatabase
        void anExpiredTokenIsRefusedWithInvalidGrant(Target target) {
            issueGrant(target);
            stores.clock.advance(REFRESH_TTL);

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(refusal.revocations()).isEmpty();
        }

        @OnEachDatabase
        void anExpiredTokenIsNotActive(Target target) {
            issueGrant(target);

            assertThat(store.grants().findActiveRefreshToken(first, now().plus(REFRESH_TTL)))
                    .isEmpty();
        }
    }

    /** RFC 6749 §6: the requested scope must not include any scope not originally granted. */
    @Nested
    class RequestedScope {
        @OnEachDatabase
        void aWiderScopeIsRefusedWithInvalidScope(Target target) {
            issueGrant(target);
            Scope wider = Scope.of("openid", "profile", "offline_access", "admin");

            Refusal refusal = refused(store.grants()
                    .rotateRefreshToken(rotation(first, now()).scope(wider).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_SCOPE);
            assertThat(store.grants().findActiveRefreshToken(first, now())).isPresent();
        }

        @OnEachDatabase
        void aNarrowerScopeIsAccepted(Target target) {
            issueGrant(target);

            var outcome = store.grants()
                    .rotateRefreshToken(
                            rotation(first, now()).scope(Scope.of("openid")).build());

            assertThat(outcome).isInstanceOf(RefreshOutcome.Rotated.class);
        }

        @OnEachDatabase
        void theGrantedScopeIsAccepted(Target target) {
            issueGrant(target);

            var outcome = store.grants()
                    .rotateRefreshToken(
                            rotation(first, now()).scope(grant.scope()).build());

            assertThat(outcome).isInstanceOf(RefreshOutcome.Rotated.class);
        }
    }

    /** DESIGN §2: a refresh reads the current epochs in its transaction; a grant behind them is dead. */
    @Nested
    class RevocationEpochs {
        @OnEachDatabase
        void aGrantBehindTheSubjectEpochIsRefused(Target target) {
            issueGrant(target);
            TestSql.on(store).advanceSubjectEpoch(grant.sub());

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(store.grants().findActiveRefreshToken(first, now())).isEmpty();
        }

        @OnEachDatabase
        void aGrantBehindTheClientEpochIsRefused(Target target) {
            issueGrant(target);
            TestSql.on(store).advanceClientEpoch(CLIENT);

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(store.grants().findActiveRefreshToken(first, now())).isEmpty();
        }
    }

    /** RFC 7009 revokes the grant of a token whatever the state of either. */
    @Nested
    class GrantOfAToken {
        @OnEachDatabase
        void theGrantOfARotatedTokenOfARevokedGrantIsFound(Target target) {
            issueGrant(target);
            rotate(first);
            TestSql.on(store)
                    .update(
                            "UPDATE grants SET revoked_at = ?, revoked_reason = 'test' WHERE grant_id = ?",
                            now(),
                            grant.id().value());

            assertThat(store.grants().findGrantOfRefreshToken(first)).contains(grant);
        }

        @OnEachDatabase
        void anUnknownTokenHasNoGrant(Target target) {
            issueGrant(target);

            assertThat(store.grants().findGrantOfRefreshToken(tokenHash())).isEmpty();
        }
    }

    @Nested
    class RevokedGrant {
        @OnEachDatabase
        void aTokenOfARevokedGrantIsRefused(Target target) {
            issueGrant(target);
            TestSql.on(store)
                    .update(
                            "UPDATE grants SET revoked_at = ?, revoked_reason = 'test' WHERE grant_id = ?",
                            now(),
                            grant.id().value());

            Refusal refusal = refused(
                    store.grants().rotateRefreshToken(rotation(first, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(store.grants().findActiveRefreshToken(first, now())).isEmpty();
        }
    }

    /**
     * Two refreshes of one token at once (a client retrying, or a thief racing the client): the grant row lock lets
     * exactly one rotate, and the other sees a rotated token.
     */
    @Nested
    class Race {
        private static final int ROUNDS = 5;

        /** Issues a fresh grant and presents its refresh token twice at once; answers both outcomes. */
        private List<RefreshOutcome> raceTwoRefreshes(Duration grace) throws Exception {
            issueAnotherGrant();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                var barrier = new CyclicBarrier(2);
                List<Future<RefreshOutcome>> futures = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    futures.add(threads.submit(() -> {
                        barrier.await();
                        return store.grants()
                                .rotateRefreshToken(
                                        rotation(first, now()).reuseGrace(grace).build());
                    }));
                }
                List<RefreshOutcome> outcomes = new ArrayList<>();
                for (var future : futures) {
                    outcomes.add(future.get());
                }
                return outcomes;
            } finally {
                threads.shutdownNow();
            }
        }

        private static Refusal loser(List<RefreshOutcome> outcomes) {
            assertThat(outcomes)
                    .filteredOn(RefreshOutcome.Rotated.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(RefreshOutcome.Refused.class::isInstance)
                    .hasSize(1);
            return outcomes.stream()
                    .filter(RefreshOutcome.Refused.class::isInstance)
                    .map(o -> ((RefreshOutcome.Refused) o).refusal())
                    .findFirst()
                    .orElseThrow();
        }

        @OnEachDatabase
        void strictlyTheLoserIsTreatedAsReuseAndRevokesTheGrant(Target target) throws Exception {
            store = stores.openWithGrantUser(target);
            for (int round = 0; round < ROUNDS; round++) {
                List<RefreshOutcome> outcomes = raceTwoRefreshes(Duration.ZERO);

                Refusal loser = loser(outcomes);
                assertThat(loser.error()).isEqualTo(OAuthError.INVALID_GRANT);
                assertThat(loser.revocations())
                        .extracting(event -> ((RevocationEvent.GrantRevoked) event).grantId())
                        .contains(grant.id());
                assertThat(revokedAt()).isPresent();
            }
        }

        @OnEachDatabase
        void withAGraceTheLoserIsRefusedAndTheGrantSurvives(Target target) throws Exception {
            store = stores.openWithGrantUser(target);
            for (int round = 0; round < ROUNDS; round++) {
                List<RefreshOutcome> outcomes = raceTwoRefreshes(GRACE);

                Refusal loser = loser(outcomes);
                assertThat(loser.error()).isEqualTo(OAuthError.INVALID_GRANT);
                assertThat(loser.revocations()).isEmpty();
                assertThat(revokedAt()).isEmpty();
                assertThat(TestSql.on(store)
                                .count(
                                        "SELECT count(*) FROM refresh_tokens WHERE grant_id = ?",
                                        grant.id().value()))
                        .isEqualTo(2);
            }
        }
    }

    /**
     * Locks beside a revocation in progress. A revocation with an admin change (PgCascade) locks the subject epoch,
     * then the user; a refresh takes them in the same order, so it never holds one the revocation waits for.
     */
    @Nested
    class Locks {
        /** An admin change that has advanced the subject epoch and not yet committed, on its own connection. */
        private Connection epochAdvancedUncommitted() throws Exception {
            Connection admin = TestDatabases.connect(store.connectionSettings());
            admin.setAutoCommit(false);
            Jdbc.update(admin, "UPDATE subject_epochs SET epoch = epoch + 1 WHERE sub = ?", SUB.value());
            return admin;
        }

        /** Waits until a transaction of the store's database waits for a row lock. */
        private void awaitALockWait() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (TestSql.on(store).count("""
                                    SELECT count(*) FROM pg_stat_activity
                                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                                    """) == 0) {
                assertThat(System.nanoTime()).as("a lock wait within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
        }

        @OnEachDatabase
        void aRefreshWaitingForTheEpochHoldsNoLockOnTheUser(Target target) throws Exception {
            issueGrant(target);
            try (Connection admin = epochAdvancedUncommitted()) {
                var refresh = CompletableFuture.supplyAsync(() ->
                        store.grants().rotateRefreshToken(rotation(first, now()).build()));
                awaitALockWait();

                // The admin change's next step: were the user locked by the refresh, the two would deadlock.
                assertThat(Jdbc.one(
                                admin,
                                "SELECT sub FROM users WHERE sub = ? FOR UPDATE NOWAIT",
                                row -> row.getString(1),
                                SUB.value()))
                        .contains(SUB.value());
                Jdbc.update(admin, "UPDATE users SET disabled = true WHERE sub = ?", SUB.value());
                admin.commit();

                assertThat(refused(refresh.get(10, TimeUnit.SECONDS)).description())
                        .isEqualTo("the authorization was revoked");
            }
        }

        /** Introspection reads what has committed: it takes no lock, so it never waits for a revocation. */
        @OnEachDatabase
        void findingAnActiveTokenDoesNotWaitForARevocationInProgress(Target target) throws Exception {
            issueGrant(target);
            try (Connection admin = epochAdvancedUncommitted()) {
                Jdbc.update(admin, "UPDATE users SET disabled = true WHERE sub = ?", SUB.value());

                var found = CompletableFuture.supplyAsync(() -> store.grants().findActiveRefreshToken(first, now()));

                assertThat(found.get(5, TimeUnit.SECONDS)).isPresent();
                admin.rollback();
            }
        }
    }
}
