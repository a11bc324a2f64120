package io.rescind.store;

import io.rescind.store.sql.Jdbc;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes what can no longer matter: expired codes, login transactions, replay entries, refresh tokens and old
 * login failures, and grant revocations whose access tokens have all expired (DESIGN §2 invariant 4).
 */
public final class PgMaintenance {
    private final Jdbc jdbc;

    public PgMaintenance(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Answers how many rows it deleted. */
    public int prune(Instant now, Duration loginFailureWindow) {
        return jdbc.run(c -> Jdbc.update(
                        c, "DELETE FROM authorization_codes WHERE expires_at < ?", now.minus(Duration.ofHours(1)))
                + Jdbc.update(c, "DELETE FROM login_transactions WHERE expires_at < ?", now)
                + Jdbc.update(c, "DELETE FROM jti_replay WHERE expires_at < ?", now.minus(Duration.ofMinutes(5)))
                + Jdbc.update(c, "DELETE FROM login_failures WHERE failed_at < ?", now.minus(loginFailureWindow))
                + Jdbc.update(c, "DELETE FROM sessions WHERE expires_at < ?", now.minus(Duration.ofDays(1)))
                + Jdbc.update(c, """
                        DELETE FROM grants g WHERE g.access_expires_at < ?
                          AND NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.grant_id = g.grant_id AND rt.expires_at > ?)
                        """, now, now)
                + Jdbc.update(c, "DELETE FROM refresh_tokens WHERE expires_at < ?", now));
    }
}
