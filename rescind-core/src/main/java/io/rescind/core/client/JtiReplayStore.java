package io.rescind.core.client;

import java.time.Instant;

/**
 * Remembers the {@code jti} of every JWT used for authentication until it expires, so each is used once
 * (RFC 7523 §3 item 7). One store, in PostgreSQL, shared by every node and every JWT-authenticated endpoint.
 */
public interface JtiReplayStore {
    /** Records the {@code jti}; answers {@code false} when it was already used by this issuer. */
    boolean firstUse(String issuer, String jti, Instant expiresAt);
}
