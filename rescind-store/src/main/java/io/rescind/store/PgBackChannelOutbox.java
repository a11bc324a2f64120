package io.rescind.store;

import io.rescind.core.client.ClientId;
import io.rescind.core.logout.BackChannelOutbox;
import io.rescind.core.logout.BackChannelRetryPolicy.Decision;
import io.rescind.core.logout.LogoutNotice;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The back-channel logout outbox in PostgreSQL (table {@code backchannel_outbox}, filled by {@link PgCascade}). A claim
 * takes due rows with {@code FOR UPDATE SKIP LOCKED} and moves them out of reach for a lease in the same statement,
 * so nodes polling together never claim the same attempt; an outcome is recorded only for the attempt it belongs to.
 */
public final class PgBackChannelOutbox implements BackChannelOutbox {
    private static final int MAX_ERROR_LENGTH = 500;
    private final Jdbc jdbc;

    public PgBackChannelOutbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<LogoutNotice> claimDue(Instant now, int limit, Duration lease) {
        return jdbc.inTransaction(c -> Jdbc.list(
                c,
                """
                UPDATE backchannel_outbox o
                SET attempts = o.attempts + 1, next_attempt_at = ?, updated_at = ?
                WHERE o.id IN (
                    SELECT id FROM backchannel_outbox
                    WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING o.id, o.client_id, o.jti, o.sub, o.sid, o.attempts
                """,
                row -> new LogoutNotice(
                        row.getLong("id"),
                        new ClientId(row.getString("client_id")),
                        row.getString("jti"),
                        new Subject(row.getString("sub")),
                        Jdbc.optionalString(row, "sid").map(SessionId::new),
                        row.getInt("attempts")),
                now.plus(lease),
                now,
                now,
                limit));
    }

    @Override
    public void record(LogoutNotice attempt, Decision decision, Instant now) {
        String state;
        Instant next;
        String error;
        switch (decision) {
            case Decision.Delivered d -> {
                state = "delivered";
                next = now;
                error = null;
            }
            case Decision.RetryAt retry -> {
                state = "pending";
                next = retry.at();
                error = retry.error();
            }
            case Decision.Failed failed -> {
                state = "failed";
                next = now;
                error = failed.error();
            }
        }
        jdbc.run(c -> Jdbc.update(
                c, """
                UPDATE backchannel_outbox
                SET state = ?, next_attempt_at = ?, last_error = COALESCE(?::text, last_error), updated_at = ?
                WHERE id = ? AND attempts = ? AND state = 'pending'
                """, state, next, error == null ? null : truncate(error), now, attempt.id(), attempt.attempt()));
    }

    @Override
    public long backlog() {
        return jdbc.run(c -> Jdbc.one(
                        c, "SELECT count(*) FROM backchannel_outbox WHERE state = 'pending'", row -> row.getLong(1))
                .orElseThrow());
    }

    @Override
    public List<OutboxEntry> list(OutboxEntry.State state, int limit) {
        return jdbc.run(c -> Jdbc.list(
                c,
                """
                SELECT id, client_id, jti, sub, sid, state, attempts, next_attempt_at, last_error, created_at,
                    updated_at
                FROM backchannel_outbox WHERE state = ? ORDER BY id LIMIT ?
                """,
                row -> new OutboxEntry(
                        row.getLong("id"),
                        new ClientId(row.getString("client_id")),
                        row.getString("jti"),
                        new Subject(row.getString("sub")),
                        Jdbc.optionalString(row, "sid").map(SessionId::new),
                        OutboxEntry.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                        row.getInt("attempts"),
                        Jdbc.instant(row, "next_attempt_at"),
                        Jdbc.optionalString(row, "last_error"),
                        Jdbc.instant(row, "created_at"),
                        Jdbc.instant(row, "updated_at")),
                state.value(),
                limit));
    }

    /** Deletes delivered notices a day after delivery and failed ones after 30 days; answers how many. */
    public int prune(Instant now) {
        return jdbc.run(c -> Jdbc.update(c, """
                DELETE FROM backchannel_outbox
                WHERE (state = 'delivered' AND updated_at < ?) OR (state = 'failed' AND updated_at < ?)
                """, now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(30))));
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
