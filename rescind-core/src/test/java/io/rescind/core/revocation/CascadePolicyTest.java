package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.RevocationEffect.Addressing;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cascade table of DESIGN §1.3, one test per row. */
class CascadePolicyTest {
    static final Instant UNTIL = Instant.parse("2030-01-01T00:00:00Z");
    static final Subject ALICE = new Subject("alice-sub");

    @Test
    void oneAccessTokenKillsThatTokenOnly() {
        assertThat(CascadePolicy.of(new RevocationTarget.AccessToken("jti-1", UNTIL)))
                .containsExactly(new RevocationEffect.RevokeAccessToken("jti-1", UNTIL));
    }

    @Test
    void aGrantKillsTheGrantAndNothingElse() {
        var grant = new GrantId("grant-1");
        assertThat(CascadePolicy.of(new RevocationTarget.Grant(grant, UNTIL)))
                .containsExactly(new RevocationEffect.RevokeGrant(grant, UNTIL));
    }

    @Test
    void aUsersSessionsEndWithTheirOnlineGrantsAndCodesAndAreNotifiedOnTheBackChannel() {
        var sid = Optional.of(new SessionId("sid-1"));
        assertThat(CascadePolicy.of(new RevocationTarget.Sessions(ALICE, sid)))
                .containsExactly(
                        new RevocationEffect.EndSessions(ALICE, sid, RevocationEffect.BoundToSessions.REVOKE),
                        new RevocationEffect.NotifyBackChannel(ALICE, Addressing.ENDED_SESSIONS));
    }

    @Test
    void aWholeUserAdvancesTheSubjectEpochEndsEverySessionAndNotifiesEvenWithoutASession() {
        assertThat(CascadePolicy.of(new RevocationTarget.User(ALICE)))
                .containsExactly(
                        new RevocationEffect.AdvanceSubjectEpoch(ALICE),
                        new RevocationEffect.EndSessions(
                                ALICE, Optional.empty(), RevocationEffect.BoundToSessions.DEAD_BY_EPOCH),
                        new RevocationEffect.NotifyBackChannel(ALICE, Addressing.SUBJECT_WHERE_NO_SESSION));
    }

    @Test
    void aClientAdvancesTheClientEpochAndEndsNoSession() {
        var client = new ClientId("web");
        assertThat(CascadePolicy.of(new RevocationTarget.Client(client)))
                .containsExactly(new RevocationEffect.AdvanceClientEpoch(client));
    }

    @Test
    void aSigningKeyIsRevokedAlone() {
        assertThat(CascadePolicy.of(new RevocationTarget.SigningKey("kid-1")))
                .containsExactly(new RevocationEffect.RevokeSigningKey("kid-1"));
    }
}
