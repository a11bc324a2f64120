package io.rescind.core.grant;

import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.Scope;
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
        Instant accessTokenExpiresAt) {}
