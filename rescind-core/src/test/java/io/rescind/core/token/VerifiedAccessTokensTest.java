package io.rescind.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.revocation.LogPosition;
import io.rescind.core.revocation.LogRead;
import io.rescind.core.revocation.RevocationCatchUp;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationLog;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.core.secret.Entropy;
import io.rescind.core.testing.InMemorySigningKeyStore;
import io.rescind.core.testing.TestClock;
import io.rescind.core.user.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Remembering verified access tokens saves their signature check and nothing else: expiry is checked at each use, the
 * revocation state is asked every time, and what failed to verify is never remembered.
 */
class VerifiedAccessTokensTest {
    static final String ISSUER = "https://rescind.example";
    static final Duration TTL = Duration.ofMinutes(5);

    final TestClock clock = new TestClock();
    final SigningKeys keys = new SigningKeys(
            new InMemorySigningKeyStore(), new KeyEncryption(Entropy.bytes(32)), clock, Duration.ofHours(25));
    final AccessTokens accessTokens = new AccessTokens(new JwtSigner(keys, clock), ISSUER);
    final JwtVerifier verifier = new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, ISSUER, clock);
    final VerifiedAccessTokens remembering = VerifiedAccessTokens.remembering(verifier, clock, 100);

    @BeforeEach
    void keys() {
        keys.ensureKeys();
    }

    AccessTokenClaims claims() {
        Instant now = clock.instant();
        return new AccessTokenClaims(
                UUID.randomUUID().toString(),
                new TokenSubject.OfUser(Subject.random()),
                new ClientId("app"),
                List.of(ISSUER),
                Scope.of("openid"),
                now,
                now.plus(TTL),
                GrantId.random(),
                Optional.empty(),
                new Epochs(0, 0),
                List.of(),
                Optional.empty());
    }

    @Test
    void aTokenPresentedAgainIsNotVerifiedAgainAndReadsTheSame() {
        AccessTokenClaims claims = claims();
        String token = accessTokens.mint(claims);

        var first = remembering.verify(token);
        var again = remembering.verify(token);

        assertThat(first).map(valid -> valid.claims().jti()).contains(claims.jti());
        assertThat(again).isEqualTo(first);
        assertThat(remembering.misses()).isOne();
        assertThat(remembering.hits()).isOne();
        assertThat(remembering.size()).isOne();
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsExpPasses() {
        String token = accessTokens.mint(claims());
        assertThat(remembering.verify(token)).isPresent();

        clock.advance(TTL.minusSeconds(1));
        assertThat(remembering.verify(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));

        assertThat(remembering.verify(token)).as("at exp").isEmpty();
        assertThat(remembering.hits()).as("refused from what it remembered").isEqualTo(2);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsKeyNoLongerVerifies() {
        // A retention shorter than the token's lifetime (the settings forbid it; a key gone from the store is alike).
        var shortRetention = new SigningKeys(
                new InMemorySigningKeyStore(), new KeyEncryption(Entropy.bytes(32)), clock, Duration.ofMinutes(1));
        shortRetention.ensureKeys();
        var verifying = new JwtVerifier(shortRetention, TokenTypes.ACCESS_TOKEN, ISSUER, clock);
        var cache = VerifiedAccessTokens.remembering(verifying, clock, 100);
        String token = new AccessTokens(new JwtSigner(shortRetention, clock), ISSUER).mint(claims());
        assertThat(cache.verify(token)).isPresent();

        clock.advance(Duration.ofSeconds(10));
        shortRetention.rotate(Duration.ZERO);
        clock.advance(Duration.ofMinutes(2));

        assertThat(verifying.verify(token)).as("verified afresh").isEmpty();
        assertThat(cache.verify(token)).as("remembered").isEmpty();
        assertThat(cache.hits()).isOne();
    }

    @Test
    void aTokenThatFailsToVerifyIsNeverRememberedSoEachTryCostsAVerification() {
        String token = accessTokens.mint(claims());
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (int i = 0; i < 3; i++) {
            assertThat(remembering.verify(forged)).isEmpty();
        }

        assertThat(remembering.misses()).isEqualTo(3);
        assertThat(remembering.size()).isZero();
    }

    @Test
    void aRememberedTokenIsNoPassForAnotherStringThatDiffersFromIt() {
        String token = accessTokens.mint(claims());
        assertThat(remembering.verify(token)).isPresent();

        assertThat(remembering.verify(token + "=")).isEmpty();
        assertThat(remembering.verify(" " + token)).isEmpty();
        assertThat(remembering.hits()).isZero();
    }

    @Test
    void withNoEntriesEveryTokenIsVerifiedEachTime() {
        var eachTime = VerifiedAccessTokens.verifyingEachTime(verifier, clock);
        String token = accessTokens.mint(claims());

        assertThat(eachTime.verify(token)).isPresent();
        assertThat(eachTime.verify(token)).isPresent();

        assertThat(eachTime.hits()).isZero();
        assertThat(eachTime.size()).isZero();
    }

    @Test
    void aNegativeBoundIsRefused() {
        assertThatThrownBy(() -> VerifiedAccessTokens.remembering(verifier, clock, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBoundHoldsTheNumberOfTokensRemembered() {
        var few = VerifiedAccessTokens.remembering(verifier, clock, 5);
        for (int i = 0; i < 50; i++) {
            assertThat(few.verify(accessTokens.mint(claims()))).isPresent();
        }

        few.cleanUp();
        assertThat(few.size()).isLessThanOrEqualTo(5);
    }

    /** Through the validator: a remembered token dies with every kind of revocation, at once. */
    @Nested
    class Revoked {
        final RevocationState state = new RevocationState();
        final AccessTokenValidator validator = new AccessTokenValidator(
                remembering,
                state,
                new StalenessBound(
                        new RevocationCatchUp(new EmptyLog(), state, clock, System::nanoTime), Duration.ofSeconds(60)));
        AccessTokenClaims claims;
        String token;

        @BeforeEach
        void remembered() {
            claims = claims();
            token = accessTokens.mint(claims);
            assertThat(validator.validate(token)).isPresent();
            assertThat(validator.validate(token)).isPresent();
            assertThat(remembering.hits()).isOne();
        }

        @Test
        void byItsJti() {
            state.apply(new RevocationEvent.AccessTokenRevoked(claims.jti(), claims.expiresAt()));

            assertThat(validator.validate(token)).isEmpty();
        }

        @Test
        void byItsGrant() {
            state.apply(new RevocationEvent.GrantRevoked(claims.grantId(), claims.expiresAt()));

            assertThat(validator.validate(token)).isEmpty();
        }

        @Test
        void byItsUsersEpoch() {
            var user = ((TokenSubject.OfUser) claims.subject()).sub();
            state.apply(new RevocationEvent.SubjectEpochAdvanced(user, 1));

            assertThat(validator.validate(token)).isEmpty();
        }

        @Test
        void byItsClientsEpoch() {
            state.apply(new RevocationEvent.ClientEpochAdvanced(claims.clientId(), 1));

            assertThat(validator.validate(token)).isEmpty();
        }

        @Test
        void byItsSigningKey() {
            String kid = validator.validate(token).orElseThrow().kid();
            state.apply(new RevocationEvent.SigningKeyRevoked(kid));

            assertThat(validator.validate(token)).isEmpty();
        }
    }

    /** A log with nothing in it, read at once: the state the tests apply events to stays within L. */
    static final class EmptyLog implements RevocationLog {
        @Override
        public LogRead readAll(Instant now) {
            return new LogRead(new LogPosition("g", 1), List.of(), true);
        }

        @Override
        public LogRead readSince(LogPosition from, Instant now) {
            return new LogRead(from, List.of(), false);
        }
    }
}
