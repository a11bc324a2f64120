package io.rescind.store;

import static io.rescind.store.testing.TestGrants.ACCESS_TTL;
import static io.rescind.store.testing.TestGrants.CHALLENGE;
import static io.rescind.store.testing.TestGrants.CLIENT;
import static io.rescind.store.testing.TestGrants.CODE_TTL;
import static io.rescind.store.testing.TestGrants.OTHER_CLIENT;
import static io.rescind.store.testing.TestGrants.REDIRECT_URI;
import static io.rescind.store.testing.TestGrants.VERIFIER;
import static io.rescind.store.testing.TestGrants.code;
import static io.rescind.store.testing.TestGrants.redemption;
import static io.rescind.store.testing.TestGrants.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.grant.AuthorizationCode;
import io.rescind.core.grant.CodeOutcome;
import io.rescind.core.grant.Grant;
import io.rescind.core.grant.GrantId;
import io.rescind.core.grant.Refusal;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestGrants;
import io.rescind.store.testing.TestSql;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Code redemption in one transaction: RFC 6749 §4.1.3, RFC 7636 §4.6 and the code-replay row of DESIGN §1.3. */
class PgGrantsCodeRedemptionTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    private Instant now() {
        return stores.clock.instant();
    }

    /** Stores {@code code} as the authorization endpoint would and answers its hash. */
    private byte[] saveCode(PostgresStore store, AuthorizationCode code) {
        byte[] hash = tokenHash();
        store.grants().saveCode(hash, code);
        return hash;
    }

    private static Grant redeemed(CodeOutcome outcome) {
        assertThat(outcome).isInstanceOf(CodeOutcome.Redeemed.class);
        return ((CodeOutcome.Redeemed) outcome).grant();
    }

    private static Refusal refused(CodeOutcome outcome) {
        assertThat(outcome).isInstanceOf(CodeOutcome.Refused.class);
        return ((CodeOutcome.Refused) outcome).refusal();
    }

    private static long grantRows(TestSql sql) {
        return sql.count("SELECT count(*) FROM grants");
    }

    @Nested
    class UserOfTheCode {
        @OnEachDatabase
        void aCodeOfADisabledUserIsRefused(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());
            var user = store.users().find(TestGrants.SUB).orElseThrow();
            store.users().save(user.withStatus(io.rescind.core.user.UserStatus.DISABLED));

            var outcome = store.grants().redeemCode(redemption(code, now()).build());

            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            CodeOutcome.Refused.class,
                            refused ->
                                    assertThat(refused.refusal().description()).contains("no longer active"));
        }
    }

    @Nested
    class SingleUse {
        @OnEachDatabase
        void aCodeRedeemsIntoAGrantOfWhatWasAuthorized(Target target) {
            var store = stores.openWithGrantUser(target);
            AuthorizationCode code = code(now()).build();
            byte[] hash = saveCode(store, code);

            Grant grant =
                    redeemed(store.grants().redeemCode(redemption(hash, now()).build()));

            assertThat(grant.clientId()).isEqualTo(CLIENT);
            assertThat(grant.sub()).isEqualTo(code.sub());
            assertThat(grant.sid()).contains(code.sid());
            assertThat(grant.scope()).isEqualTo(code.scope());
            assertThat(grant.audience()).isEqualTo(code.audience());
            assertThat(grant.authTime()).isEqualTo(code.authTime());
            assertThat(grant.epochs()).isEqualTo(code.epochs());
        }

        @OnEachDatabase
        void theGrantIsStoredWithTheExpiryOfItsAccessToken(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] hash = saveCode(store, code(now()).build());

            Grant grant =
                    redeemed(store.grants().redeemCode(redemption(hash, now()).build()));

            assertThat(TestSql.on(store)
                            .one(
                                    "SELECT access_expires_at FROM grants WHERE grant_id = ? AND revoked_at IS NULL",
                                    row -> Jdbc.instant(row, "access_expires_at"),
                                    grant.id().value()))
                    .contains(now().plus(ACCESS_TTL));
        }

        @OnEachDatabase
        void aRedemptionThatAsksForARefreshTokenStoresAnActiveOne(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());
            byte[] refresh = tokenHash();

            Grant grant = redeemed(store.grants()
                    .redeemCode(redemption(code, now()).refreshToken(refresh).build()));

            var active = store.grants().findActiveRefreshToken(refresh, now());
            assertThat(active).isPresent();
            assertThat(active.get().grant()).isEqualTo(grant);
            assertThat(active.get().issuedAt()).isEqualTo(now());
            assertThat(active.get().expiresAt()).isEqualTo(now().plus(TestGrants.REFRESH_TTL));
        }

        @OnEachDatabase
        void aRedemptionWithoutRefreshTokenStoresNone(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());

            redeemed(store.grants()
                    .redeemCode(redemption(code, now()).noRefreshToken().build()));

            assertThat(TestSql.on(store).count("SELECT count(*) FROM refresh_tokens"))
                    .isZero();
        }

        @OnEachDatabase
        void anUnknownCodeIsRefusedWithInvalidGrant(Target target) {
            var store = stores.openWithGrantUser(target);

            Refusal refusal = refused(
                    store.grants().redeemCode(redemption(tokenHash(), now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(refusal.revocations()).isEmpty();
        }
    }

    /** RFC 6749 §4.1.2: a code used twice is refused and what it produced is revoked (DESIGN §1.3, code replay). */
    @Nested
    class Replay {
        private PostgresStore store;
        private byte[] code;
        private byte[] refresh;
        private Grant first;

        private void redeemOnce(Target target) {
            store = stores.openWithGrantUser(target);
            code = saveCode(store, code(now()).build());
            refresh = tokenHash();
            first = redeemed(store.grants()
                    .redeemCode(redemption(code, now()).refreshToken(refresh).build()));
            stores.clock.advance(Duration.ofSeconds(3));
        }

        @OnEachDatabase
        void aSecondRedemptionIsRefusedWithInvalidGrant(Target target) {
            redeemOnce(target);

            Refusal refusal =
                    refused(store.grants().redeemCode(redemption(code, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
        }

        @OnEachDatabase
        void aSecondRedemptionRevokesTheGrantTheFirstProduced(Target target) {
            redeemOnce(target);

            store.grants().redeemCode(redemption(code, now()).build());

            assertThat(TestSql.on(store)
                            .one(
                                    "SELECT revoked_at FROM grants WHERE grant_id = ?",
                                    row -> Jdbc.optionalInstant(row, "revoked_at"),
                                    first.id().value()))
                    .contains(Optional.of(now()));
        }

        @OnEachDatabase
        void aSecondRedemptionAppendsTheRevocationToTheLog(Target target) {
            redeemOnce(target);

            store.grants().redeemCode(redemption(code, now()).build());

            record Logged(String kind, String target, Instant until) {}
            assertThat(TestSql.on(store)
                            .one(
                                    "SELECT kind, target, until FROM revocation_log",
                                    row -> new Logged(
                                            row.getString("kind"),
                                            row.getString("target"),
                                            Jdbc.instant(row, "until"))))
                    .contains(new Logged("grant", first.id().value(), FreshStores.START.plus(ACCESS_TTL)));
        }

        @OnEachDatabase
        void theRefusalCarriesTheRevocationUntilTheGrantsAccessTokensExpire(Target target) {
            redeemOnce(target);

            Refusal refusal =
                    refused(store.grants().redeemCode(redemption(code, now()).build()));

            assertThat(refusal.revocations())
                    .contains(new RevocationEvent.GrantRevoked(first.id(), FreshStores.START.plus(ACCESS_TTL)));
        }

        @OnEachDatabase
        void theRefreshTokenOfTheRevokedGrantIsNoLongerActive(Target target) {
            redeemOnce(target);

            store.grants().redeemCode(redemption(code, now()).build());

            assertThat(store.grants().findActiveRefreshToken(refresh, now())).isEmpty();
        }

        @OnEachDatabase
        void aThirdRedemptionRevokesNothingMore(Target target) {
            redeemOnce(target);
            store.grants().redeemCode(redemption(code, now()).build());

            Refusal third =
                    refused(store.grants().redeemCode(redemption(code, now()).build()));

            assertThat(third.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(third.revocations()).isEmpty();
            assertThat(TestSql.on(store).count("SELECT count(*) FROM revocation_log"))
                    .isEqualTo(1);
        }
    }

    /** Two exchanges of one code at once: the row lock makes one the redemption and the other a replay. */
    @Nested
    class Race {
        @OnEachDatabase
        void twoConcurrentRedemptionsMakeOneGrantAndTheReplayRevokesIt(Target target) throws Exception {
            var store = stores.openWithGrantUser(target);
            var sql = TestSql.on(store);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    byte[] hash = saveCode(store, code(now()).build());
                    var barrier = new CyclicBarrier(2);
                    List<Future<CodeOutcome>> outcomes = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        outcomes.add(threads.submit(() -> {
                            barrier.await();
                            return store.grants()
                                    .redeemCode(redemption(hash, now()).build());
                        }));
                    }
                    List<CodeOutcome> done = new ArrayList<>();
                    for (var outcome : outcomes) {
                        done.add(outcome.get());
                    }

                    assertThat(done)
                            .filteredOn(CodeOutcome.Redeemed.class::isInstance)
                            .hasSize(1);
                    GrantId grant = done.stream()
                            .filter(CodeOutcome.Redeemed.class::isInstance)
                            .map(o -> ((CodeOutcome.Redeemed) o).grant().id())
                            .findFirst()
                            .orElseThrow();
                    Refusal loser = done.stream()
                            .filter(CodeOutcome.Refused.class::isInstance)
                            .map(o -> ((CodeOutcome.Refused) o).refusal())
                            .findFirst()
                            .orElseThrow();
                    assertThat(loser.error()).isEqualTo(OAuthError.INVALID_GRANT);
                    assertThat(loser.revocations())
                            .extracting(event -> ((RevocationEvent.GrantRevoked) event).grantId())
                            .contains(grant);
                    assertThat(sql.count(
                                    "SELECT count(*) FROM grants WHERE grant_id = ? AND revoked_at IS NOT NULL",
                                    grant.value()))
                            .isEqualTo(1);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** RFC 6749 §4.1.3: the code must have been issued to the client that presents it. */
    @Nested
    class ClientBinding {
        @OnEachDatabase
        void aCodePresentedByAnotherClientIsRefused(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());

            Refusal refusal = refused(store.grants()
                    .redeemCode(redemption(code, now()).clientId(OTHER_CLIENT).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }

        @OnEachDatabase
        void aCodePresentedByAnotherClientIsNotConsumed(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());
            store.grants()
                    .redeemCode(redemption(code, now()).clientId(OTHER_CLIENT).build());

            var outcome = store.grants().redeemCode(redemption(code, now()).build());

            assertThat(outcome).isInstanceOf(CodeOutcome.Redeemed.class);
        }
    }

    /** RFC 6749 §4.1.2: a code is short-lived; once expired it is refused, and still spent. */
    @Nested
    class Expiry {
        @OnEachDatabase
        void aCodeRedeemsUntilTheLastMicrosecondOfItsLifetime(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());

            var outcome = store.grants()
                    .redeemCode(redemption(code, now().plus(CODE_TTL).minusNanos(1_000))
                            .build());

            assertThat(outcome).isInstanceOf(CodeOutcome.Redeemed.class);
        }

        @OnEachDatabase
        void aCodeIsRefusedFromTheInstantItExpires(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());

            Refusal refusal = refused(store.grants()
                    .redeemCode(redemption(code, now().plus(CODE_TTL)).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }

        @OnEachDatabase
        void anExpiredCodeIsConsumedByTheRefusal(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());

            store.grants().redeemCode(redemption(code, now().plus(CODE_TTL)).build());

            assertThat(TestSql.on(store)
                            .count("SELECT count(*) FROM authorization_codes WHERE consumed_at IS NOT NULL"))
                    .isEqualTo(1);
        }
    }

    /** RFC 6749 §4.1.3: redirect_uri is required and identical when the authorization request carried one. */
    @Nested
    class RedirectUri {
        private static final URI REQUESTED = URI.create("https://app.example/callback?step=2");

        private CodeOutcome redeemWith(Target target, AuthorizationCode code, String redirectUri) {
            var store = stores.openWithGrantUser(target);
            byte[] hash = saveCode(store, code);
            return store.grants()
                    .redeemCode(redemption(hash, now()).redirectUri(redirectUri).build());
        }

        private CodeOutcome redeemWithout(Target target, AuthorizationCode code) {
            var store = stores.openWithGrantUser(target);
            byte[] hash = saveCode(store, code);
            return store.grants().redeemCode(redemption(hash, now()).build());
        }

        @OnEachDatabase
        void anIdenticalRedirectUriIsAccepted(Target target) {
            var code = code(now()).requestedRedirectUri(REQUESTED).build();

            assertThat(redeemWith(target, code, REQUESTED.toString())).isInstanceOf(CodeOutcome.Redeemed.class);
        }

        @OnEachDatabase
        void aMissingRedirectUriIsRefusedWhenTheRequestCarriedOne(Target target) {
            var code = code(now()).requestedRedirectUri(REQUESTED).build();

            assertThat(refused(redeemWithout(target, code)).error()).isEqualTo(OAuthError.INVALID_GRANT);
        }

        @OnEachDatabase
        void aDifferentRedirectUriIsRefusedWhenTheRequestCarriedOne(Target target) {
            var code = code(now()).requestedRedirectUri(REQUESTED).build();

            assertThat(refused(redeemWith(target, code, "https://app.example/callback?step=2&x=1"))
                            .error())
                    .isEqualTo(OAuthError.INVALID_GRANT);
        }

        @OnEachDatabase
        void theRegisteredRedirectUriIsRefusedWhenTheRequestCarriedAnother(Target target) {
            var code = code(now()).requestedRedirectUri(REQUESTED).build();

            assertThat(refused(redeemWith(target, code, REDIRECT_URI.toString()))
                            .error())
                    .isEqualTo(OAuthError.INVALID_GRANT);
        }

        @OnEachDatabase
        void noRedirectUriIsAcceptedWhenTheRequestCarriedNone(Target target) {
            var code = code(now()).build();

            assertThat(redeemWithout(target, code)).isInstanceOf(CodeOutcome.Redeemed.class);
        }

        @OnEachDatabase
        void theEffectiveRedirectUriIsAcceptedWhenTheRequestCarriedNone(Target target) {
            var code = code(now()).build();

            assertThat(redeemWith(target, code, REDIRECT_URI.toString())).isInstanceOf(CodeOutcome.Redeemed.class);
        }

        @OnEachDatabase
        void anotherRedirectUriIsRefusedWhenTheRequestCarriedNone(Target target) {
            var code = code(now()).build();

            assertThat(refused(redeemWith(target, code, "https://app.example/other"))
                            .error())
                    .isEqualTo(OAuthError.INVALID_GRANT);
        }
    }

    /** RFC 7636 §4.6, S256 only; and OAuth 2.1 §4.1.3: a verifier for a code without challenge is refused. */
    @Nested
    class Pkce {
        @OnEachDatabase
        void theMatchingVerifierIsAccepted(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).codeChallenge(CHALLENGE).build());

            var outcome = store.grants()
                    .redeemCode(redemption(code, now()).codeVerifier(VERIFIER).build());

            assertThat(outcome).isInstanceOf(CodeOutcome.Redeemed.class);
        }

        @OnEachDatabase
        void aVerifierThatDoesNotMatchTheChallengeIsRefused(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).codeChallenge(CHALLENGE).build());

            Refusal refusal = refused(store.grants()
                    .redeemCode(redemption(code, now())
                            .codeVerifier(VERIFIER.replace('d', 'e'))
                            .build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }

        @OnEachDatabase
        void aMissingVerifierIsRefusedForACodeWithChallenge(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).codeChallenge(CHALLENGE).build());

            Refusal refusal =
                    refused(store.grants().redeemCode(redemption(code, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
        }

        @OnEachDatabase
        void aVerifierForACodeWithoutChallengeIsRefused(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).build());

            Refusal refusal = refused(store.grants()
                    .redeemCode(redemption(code, now()).codeVerifier(VERIFIER).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }

        @OnEachDatabase
        void aWrongVerifierSpendsTheCodeSoTheRightOneCannotFollow(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] code = saveCode(store, code(now()).codeChallenge(CHALLENGE).build());
            store.grants()
                    .redeemCode(redemption(code, now())
                            .codeVerifier(VERIFIER.replace('d', 'e'))
                            .build());

            var outcome = store.grants()
                    .redeemCode(redemption(code, now()).codeVerifier(VERIFIER).build());

            assertThat(outcome).isInstanceOf(CodeOutcome.Refused.class);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }
    }

    /** DESIGN §2: a code minted under an epoch that a revocation has since advanced is dead. */
    @Nested
    class RevocationEpochs {
        @OnEachDatabase
        void aCodeBehindTheSubjectEpochIsRefused(Target target) {
            var store = stores.openWithGrantUser(target);
            var code = code(now()).build();
            byte[] hash = saveCode(store, code);
            TestSql.on(store).advanceSubjectEpoch(code.sub());

            Refusal refusal =
                    refused(store.grants().redeemCode(redemption(hash, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }

        @OnEachDatabase
        void aCodeBehindTheClientEpochIsRefused(Target target) {
            var store = stores.openWithGrantUser(target);
            byte[] hash = saveCode(store, code(now()).build());
            TestSql.on(store).advanceClientEpoch(CLIENT);

            Refusal refusal =
                    refused(store.grants().redeemCode(redemption(hash, now()).build()));

            assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
            assertThat(grantRows(TestSql.on(store))).isZero();
        }

        @OnEachDatabase
        void aCodeMintedAtTheCurrentEpochsRedeems(Target target) {
            var store = stores.openWithGrantUser(target);
            var sql = TestSql.on(store);
            sql.advanceSubjectEpoch(TestGrants.SUB);
            sql.advanceClientEpoch(CLIENT);
            byte[] hash = saveCode(store, code(now()).epochs(new Epochs(1, 1)).build());

            var outcome = store.grants().redeemCode(redemption(hash, now()).build());

            assertThat(outcome).isInstanceOf(CodeOutcome.Redeemed.class);
        }
    }
}
