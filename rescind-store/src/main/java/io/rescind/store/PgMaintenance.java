package io.rescind.store;

import io.rescind.store.sql.Jdbc;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes what can no longer matter: expired codes, login transactions, replay entries, refresh tokens and old
 * login failures, and grant revocations whose access tokens have all expired (DESIGN §2 invariant 4).
 */
public final class PgMaintenance {
    /** Rows a statement deletes at most: each stays short, far within the socket timeout, whatever the backlog. */
    static final int BATCH = 10_000;

    private final Jdbc jdbc;
    private final int batch;

    public PgMaintenance(Jdbc jdbc) {
        this(jdbc, BATCH);
    }

    PgMaintenance(Jdbc jdbc, int batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Answers how many rows it deleted. */
    public int prune(Instant now, Duration loginFailureWindow) {
        return delete("authorization_codes", "expires_at < ?", now.minus(Duration.ofHours(1)))
                + delete("login_transactions", "expires_at < ?", now)
                + delete("jti_replay", "expires_at < ?", now.minus(Duration.ofMinutes(5)))
                + delete("login_failures", "failed_at < ?", now.minus(loginFailureWindow))
                + delete("sessions", "expires_at < ?", now.minus(Duration.ofDays(1)))
                + delete("grants", """
                        access_expires_at < ? AND NOT EXISTS
                            (SELECT 1 FROM refresh_tokens rt WHERE rt.grant_id = grants.grant_id AND rt.expires_at > ?)
                        """, now, now)
                + delete("refresh_tokens", "expires_at < ?", now);
    }

    /**
     * Deletes the rows of {@code table} matching {@code condition} {@link #batch} at a time, each batch its own
     * statement and commit: a backlog of millions (a node down for days) neither holds one long transaction nor runs
     * into the socket timeout.
     */
    private int delete(String table, String condition, Object... params) {
        String sql = "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + condition
                + " LIMIT " + batch + ")";
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.run(c -> Jdbc.update(c, sql, params));
            total += deleted;
        } while (deleted == batch);
        return total;
    }
}
