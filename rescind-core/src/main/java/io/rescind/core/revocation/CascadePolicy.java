package io.rescind.core.revocation;

import io.rescind.core.revocation.RevocationEffect.Addressing;
import io.rescind.core.revocation.RevocationEffect.AdvanceClientEpoch;
import io.rescind.core.revocation.RevocationEffect.AdvanceSubjectEpoch;
import io.rescind.core.revocation.RevocationEffect.BoundToSessions;
import io.rescind.core.revocation.RevocationEffect.EndSessions;
import io.rescind.core.revocation.RevocationEffect.NotifyBackChannel;
import io.rescind.core.revocation.RevocationEffect.RevokeAccessToken;
import io.rescind.core.revocation.RevocationEffect.RevokeGrant;
import io.rescind.core.revocation.RevocationEffect.RevokeSigningKey;
import java.util.List;
import java.util.Optional;

/**
 * What a revocation kills: the cascade table of DESIGN §1.3, in one place. Pure; the store executes the effects
 * atomically and logs them.
 *
 * <table>
 *   <tr><th>Target</th><th>Access tokens</th><th>Grants</th><th>Codes</th><th>Sessions</th><th>Notices</th></tr>
 *   <tr><td>access token</td><td>that one</td><td>-</td><td>-</td><td>-</td><td>log</td></tr>
 *   <tr><td>grant</td><td>all of it</td><td>it</td><td>-</td><td>-</td><td>log</td></tr>
 *   <tr><td>sessions</td><td>of their online grants</td><td>their online grants</td><td>theirs</td><td>them</td>
 *       <td>back-channel</td></tr>
 *   <tr><td>user</td><td>all (epoch)</td><td>all (epoch)</td><td>all (epoch)</td><td>all</td>
 *       <td>back-channel, {@code sub} only where no session</td></tr>
 *   <tr><td>client</td><td>all (epoch)</td><td>all (epoch)</td><td>all (epoch)</td><td>-</td><td>log</td></tr>
 *   <tr><td>signing key</td><td>all it signed</td><td>-</td><td>-</td><td>-</td><td>log</td></tr>
 * </table>
 */
public final class CascadePolicy {
    private CascadePolicy() {}

    public static List<RevocationEffect> of(RevocationTarget target) {
        return switch (target) {
            case RevocationTarget.AccessToken token -> List.of(new RevokeAccessToken(token.jti(), token.expiresAt()));
            case RevocationTarget.Grant grant -> List.of(new RevokeGrant(grant.grantId(), grant.until()));
            case RevocationTarget.Sessions sessions ->
                List.of(
                        new EndSessions(sessions.sub(), sessions.only(), BoundToSessions.REVOKE),
                        new NotifyBackChannel(sessions.sub(), Addressing.ENDED_SESSIONS));
            case RevocationTarget.User user ->
                List.of(
                        new AdvanceSubjectEpoch(user.sub()),
                        new EndSessions(user.sub(), Optional.empty(), BoundToSessions.DEAD_BY_EPOCH),
                        new NotifyBackChannel(user.sub(), Addressing.SUBJECT_WHERE_NO_SESSION));
            case RevocationTarget.Client client -> List.of(new AdvanceClientEpoch(client.clientId()));
            case RevocationTarget.SigningKey key -> List.of(new RevokeSigningKey(key.kid()));
        };
    }
}
