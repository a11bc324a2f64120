package io.rescind.core.grant;

import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import io.rescind.core.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A refresh (RFC 6749 §6) as the store executes it: one compare-and-set that finds the grant live, its epochs
 * current and the presented token the family's current one, then rotates to {@code next} (DESIGN §2).
 *
 * @param reuseGrace zero for strict reuse detection; otherwise how long after a rotation the previous token is
 *     refused without revoking the grant
 */
public record RefreshRotation(
        byte[] presentedHash,
        ClientId clientId,
        Optional<Scope> requestedScope,
        NewRefreshToken next,
        Duration reuseGrace,
        Instant now,
        Instant accessTokenExpiresAt) {

    @Override
    public String toString() {
        return "RefreshRotation[" + clientId + "]";
    }

    /** The rules of RFC 6749 §6 and of rotation with reuse detection, on a token found under its grant's lock. */
    public RefreshDecision decide(StoredRefreshToken token) {
        Grant grant = token.grant();
        if (!grant.clientId().equals(clientId)) {
            return refuse(OAuthError.INVALID_GRANT, "invalid refresh token");
        }
        if (token.grantRevokedAt().isPresent()) {
            return refuse(OAuthError.INVALID_GRANT, "the grant was revoked");
        }
        if (!token.isCurrent()) {
            boolean withinGrace = !reuseGrace.isZero()
                    && token.generation() == token.currentGeneration() - 1
                    && token.rotatedAt()
                            .map(at -> now.isBefore(at.plus(reuseGrace)))
                            .orElse(false);
            return withinGrace
                    ? refuse(OAuthError.INVALID_GRANT, "refresh token already rotated")
                    : new RefreshDecision.RevokeGrant("refresh token reused: the grant is revoked");
        }
        if (!now.isBefore(token.expiresAt())) {
            return refuse(OAuthError.INVALID_GRANT, "refresh token expired");
        }
        if (requestedScope.isPresent() && !grant.scope().containsAll(requestedScope.get())) {
            return refuse(OAuthError.INVALID_SCOPE, "scope exceeds the original grant");
        }
        if (grant.epochs().isBehind(token.currentEpochs())) {
            return refuse(OAuthError.INVALID_GRANT, "the authorization was revoked");
        }
        return token.user()
                .filter(User::isActive)
                .<RefreshDecision>map(RefreshDecision.Rotate::new)
                .orElseGet(() -> refuse(OAuthError.INVALID_GRANT, "the user of this grant is no longer active"));
    }

    private static RefreshDecision refuse(OAuthError error, String description) {
        return new RefreshDecision.Refuse(Refusal.of(error, description));
    }
}
