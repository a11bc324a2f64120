package io.rescind.core.grant;

import io.rescind.core.revocation.Epochs;
import io.rescind.core.user.User;
import java.time.Instant;
import java.util.Optional;

/**
 * A refresh token as the store found it, with what decides it read in the same transaction: its grant (locked), the
 * current epochs and the grant's user.
 *
 * @param generation the token's place in its family; the family's current token has {@code currentGeneration}
 */
public record StoredRefreshToken(
        Grant grant,
        int generation,
        int currentGeneration,
        Instant issuedAt,
        Instant expiresAt,
        Optional<Instant> rotatedAt,
        Optional<Instant> grantRevokedAt,
        Epochs currentEpochs,
        Optional<User> user) {

    public boolean isCurrent() {
        return generation == currentGeneration;
    }

    /** Whether this token would refresh at {@code now}, whoever presents it. */
    public boolean isActive(Instant now) {
        return isCurrent()
                && now.isBefore(expiresAt)
                && grantRevokedAt.isEmpty()
                && !grant.epochs().isBehind(currentEpochs)
                && user.filter(User::isActive).isPresent();
    }
}
