package io.rescind.store;

import io.rescind.core.session.LoginSession;
import io.rescind.core.session.SessionId;
import io.rescind.core.session.SessionStore;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Login sessions in PostgreSQL, found by the SHA-256 of their cookie. */
public final class PgSessions implements SessionStore {
    private final Jdbc jdbc;

    public PgSessions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(LoginSession session, byte[] cookieHash) {
        jdbc.run(c -> Jdbc.update(
                c,
                """
                INSERT INTO sessions (sid, cookie_hash, sub, auth_time, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                session.sid().value(),
                cookieHash,
                session.sub().value(),
                session.authTime(),
                session.lastSeenAt(),
                session.expiresAt()));
    }

    @Override
    public Optional<LoginSession> findLive(byte[] cookieHash, Instant now, Duration idleTimeout) {
        return jdbc.run(c -> Jdbc.one(
                c,
                """
                UPDATE sessions s SET last_seen_at = ?
                FROM users u
                WHERE s.cookie_hash = ? AND s.ended_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ?
                  AND u.sub = s.sub AND NOT u.disabled
                RETURNING s.sid, s.sub, s.auth_time, s.last_seen_at, s.expires_at
                """,
                row -> new LoginSession(
                        new SessionId(row.getString("sid")),
                        new Subject(row.getString("sub")),
                        Jdbc.instant(row, "auth_time"),
                        Jdbc.instant(row, "last_seen_at"),
                        Jdbc.instant(row, "expires_at")),
                now,
                cookieHash,
                now,
                now.minus(idleTimeout)));
    }

    @Override
    public boolean renew(LoginSession session, byte[] cookieHash) {
        return jdbc.run(c -> Jdbc.update(
                        c,
                        """
                        UPDATE sessions SET cookie_hash = ?, auth_time = ?, last_seen_at = ?, expires_at = ?
                        WHERE sid = ? AND sub = ? AND ended_at IS NULL
                        """,
                        cookieHash,
                        session.authTime(),
                        session.lastSeenAt(),
                        session.expiresAt(),
                        session.sid().value(),
                        session.sub().value())
                == 1);
    }

    @Override
    public List<LoginSession> live(Subject sub, Instant now, Duration idleTimeout, int limit) {
        return jdbc.run(c -> Jdbc.list(
                c,
                """
                SELECT sid, sub, auth_time, last_seen_at, expires_at FROM sessions
                WHERE sub = ? AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ?
                ORDER BY auth_time DESC, sid
                LIMIT ?
                """,
                row -> new LoginSession(
                        new SessionId(row.getString("sid")),
                        new Subject(row.getString("sub")),
                        Jdbc.instant(row, "auth_time"),
                        Jdbc.instant(row, "last_seen_at"),
                        Jdbc.instant(row, "expires_at")),
                sub.value(),
                now,
                now.minus(idleTimeout),
                limit));
    }
}
