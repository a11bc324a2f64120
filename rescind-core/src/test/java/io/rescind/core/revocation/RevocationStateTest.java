package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.Entropy;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** DESIGN §2: the validity tests of the in-memory state, each an O(1) lookup, and its pruning. */
class RevocationStateTest {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Subject ALICE = new Subject("alice");
    static final ClientId WEB = new ClientId("web");
    final RevocationState state = new RevocationState();

    static AccessTokenClaims token(String jti, GrantId grant, Epochs epochs) {
        return token(jti, ALICE, grant, epochs);
    }

    static AccessTokenClaims token(String jti, Subject user, GrantId grant, Epochs epochs) {
        return new AccessTokenClaims(
                jti,
                new TokenSubject.OfUser(user),
                WEB,
                List.of("https://api"),
                Scope.empty(),
                NOW,
                NOW.plusSeconds(300),
                grant,
                Optional.empty(),
                epochs,
                List.of(),
                Optional.empty());
    }

    @Test
    void aFreshStateKillsNothing() {
        assertThat(state.kills(token("j", new GrantId("g"), Epochs.INITIAL), "kid"))
                .isFalse();
    }

    @Test
    void aRevokedJtiKillsThatTokenOnly() {
        state.apply(new RevocationEvent.AccessTokenRevoked("j1", NOW.plusSeconds(300)));
        assertThat(state.kills(token("j1", new GrantId("g"), Epochs.INITIAL), "kid"))
                .isTrue();
        assertThat(state.kills(token("j2", new GrantId("g"), Epochs.INITIAL), "kid"))
                .isFalse();
    }

    @Test
    void aRevokedGrantKillsEveryTokenOfIt() {
        state.apply(new RevocationEvent.GrantRevoked(new GrantId("g"), NOW.plusSeconds(300)));
        assertThat(state.kills(token("any", new GrantId("g"), Epochs.INITIAL), "kid"))
                .isTrue();
    }

    @Test
    void aRevokedKeyKillsWhatItSigned() {
        state.apply(new RevocationEvent.SigningKeyRevoked("bad-kid"));
        assertThat(state.kills(token("j", new GrantId("g"), Epochs.INITIAL), "bad-kid"))
                .isTrue();
        assertThat(state.kills(token("j", new GrantId("g"), Epochs.INITIAL), "good-kid"))
                .isFalse();
    }

    @Test
    void anEpochAheadOfTheTokensKillsItAndATokenMintedAtTheNewEpochLives() {
        state.apply(new RevocationEvent.SubjectEpochAdvanced(ALICE, 1));
        assertThat(state.kills(token("old", new GrantId("g"), new Epochs(0, 0)), "kid"))
                .isTrue();
        assertThat(state.kills(token("new", new GrantId("g"), new Epochs(1, 0)), "kid"))
                .isFalse();
        state.apply(new RevocationEvent.ClientEpochAdvanced(WEB, 3));
        assertThat(state.kills(token("new", new GrantId("g"), new Epochs(1, 2)), "kid"))
                .isTrue();
    }

    @Test
    void anOlderEpochEventNeverMovesAnEpochBack() {
        state.apply(new RevocationEvent.SubjectEpochAdvanced(ALICE, 2));
        state.apply(new RevocationEvent.SubjectEpochAdvanced(ALICE, 1));
        assertThat(state.kills(token("j", new GrantId("g"), new Epochs(1, 0)), "kid"))
                .isTrue();
    }

    @Test
    void entriesWhoseTokensHaveExpiredArePrunedAndOthersKept() {
        state.apply(new RevocationEvent.AccessTokenRevoked("expired", NOW.minusSeconds(1)));
        state.apply(new RevocationEvent.GrantRevoked(new GrantId("live"), NOW.plusSeconds(1)));
        state.prune(NOW);
        assertThat(state.isAccessTokenRevoked("expired")).isFalse();
        assertThat(state.kills(token("j", new GrantId("live"), Epochs.INITIAL), "kid"))
                .isTrue();
        assertThat(state.size()).isEqualTo(1);
    }

    /** The same rules for ids in the server's own format, which the state keeps as two longs (CompactIdMap). */
    @Nested
    class ServerMadeIds {
        final String jti = Entropy.identifier();
        final GrantId grant = GrantId.random();

        @Test
        void aRevokedJtiKillsThatTokenOnly() {
            state.apply(new RevocationEvent.AccessTokenRevoked(jti, NOW.plusSeconds(300)));
            assertThat(state.kills(token(jti, grant, Epochs.INITIAL), "kid")).isTrue();
            assertThat(state.kills(token(Entropy.identifier(), grant, Epochs.INITIAL), "kid"))
                    .isFalse();
        }

        @Test
        void theLaterExpiryOfTwoRevocationsIsKept() {
            state.apply(new RevocationEvent.GrantRevoked(grant, NOW.plusSeconds(60)));
            state.apply(new RevocationEvent.GrantRevoked(grant, NOW.minusSeconds(60)));
            state.prune(NOW);
            assertThat(state.kills(token(jti, grant, Epochs.INITIAL), "kid")).isTrue();
            state.prune(NOW.plusSeconds(61));
            assertThat(state.kills(token(jti, grant, Epochs.INITIAL), "kid")).isFalse();
        }

        @Test
        void anExpiryIsKeptToTheNanosecond() {
            state.apply(new RevocationEvent.AccessTokenRevoked(jti, NOW.plusNanos(1)));
            state.prune(NOW);
            assertThat(state.isAccessTokenRevoked(jti)).isTrue();
            state.prune(NOW.plusNanos(2));
            assertThat(state.isAccessTokenRevoked(jti)).isFalse();
        }

        @Test
        void aSubjectEpochKillsTheUsersOlderTokens() {
            Subject bob = Subject.random();
            state.apply(new RevocationEvent.SubjectEpochAdvanced(bob, 2));
            var claims = token(jti, bob, grant, new Epochs(1, 0));
            assertThat(state.kills(claims, "kid")).isTrue();
        }

        @Test
        void aRevokedKeyKillsWhatItSigned() {
            String kid = Entropy.identifier();
            state.apply(new RevocationEvent.SigningKeyRevoked(kid));
            assertThat(state.kills(token(jti, grant, Epochs.INITIAL), kid)).isTrue();
            assertThat(state.kills(token(jti, grant, Epochs.INITIAL), Entropy.identifier()))
                    .isFalse();
        }
    }
}
