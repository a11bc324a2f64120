package io.rescind.store;

import io.rescind.core.session.LoginAttemptStore;
import io.rescind.store.sql.Jdbc;
import java.time.Instant;

/** Failed logins in PostgreSQL, so throttling holds across nodes. */
public final class PgLoginAttempts implements LoginAttemptStore {
    private final Jdbc jdbc;

    public PgLoginAttempts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int failuresSince(String key, Instant since) {
        return jdbc.run(c -> Jdbc.one(
                        c,
                        "SELECT count(*) FROM login_failures WHERE key = ? AND failed_at > ?",
                        row -> row.getInt(1),
                        key,
                        since)
                .orElse(0));
    }

    @Override
    public void recordFailure(String key, Instant at) {
        jdbc.run(c -> Jdbc.update(c, "INSERT INTO login_failures (key, failed_at) VALUES (?, ?)", key, at));
    }

    @Override
    public void forget(String key, Instant at) {
        jdbc.run(c -> Jdbc.update(c, """
                DELETE FROM login_failures WHERE ctid IN (
                    SELECT ctid FROM login_failures WHERE key = ? AND failed_at = ? LIMIT 1)
                """, key, at));
    }

    @Override
    public void clear(String key) {
        jdbc.run(c -> Jdbc.update(c, "DELETE FROM login_failures WHERE key = ?", key));
    }
}
