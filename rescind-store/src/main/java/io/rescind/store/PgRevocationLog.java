package io.rescind.store;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.LogPosition;
import io.rescind.core.revocation.LogRead;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationKind;
import io.rescind.core.revocation.RevocationLog;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The revocation log in PostgreSQL. Events are appended in the transaction that revokes, so a revocation and its
 * event commit together or not at all.
 */
public final class PgRevocationLog implements RevocationLog {
    private final Jdbc jdbc;

    public PgRevocationLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public LogRead readAll(Instant now) {
        return jdbc.run(c -> {
            // The horizon is taken first: whatever commits after it is read again by the next catch-up.
            LogPosition position = position(c);
            return new LogRead(position, live(c, now), true);
        });
    }

    @Override
    public LogRead readSince(LogPosition from, Instant now) {
        return jdbc.run(c -> {
            LogPosition position = position(c);
            if (!position.generation().equals(from.generation())) {
                return new LogRead(position, live(c, now), true);
            }
            // Below the snapshot's xmax: an entry stamped with a later transaction id was not written by this
            // cluster (a dump loaded into a new one) and would otherwise be read again at every catch-up; the whole
            // read holds it.
            List<RevocationEvent> events = entries(c, now, """
                    SELECT kind, target, until, detail FROM revocation_log
                    WHERE txid >= ?::text::xid8 AND txid < pg_snapshot_xmax(pg_current_snapshot())
                    ORDER BY seq
                    """, Long.toString(from.horizon()));
            return new LogRead(position, events, false);
        });
    }

    /** The log's generation and the oldest transaction still running: every older one has ended. */
    private static LogPosition position(Connection c) throws SQLException {
        return Jdbc.one(c, """
                        SELECT (SELECT id FROM log_generation),
                            pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                        """, row -> new LogPosition(row.getString(1), row.getLong(2)))
                .orElseThrow();
    }

    /** The events of the log entries {@code sql} selects (kind, target, until, detail) still live at {@code now}. */
    private static List<RevocationEvent> entries(Connection c, Instant now, String sql, Object... params)
            throws SQLException {
        List<RevocationEvent> events = new ArrayList<>();
        for (LogRow row : Jdbc.list(c, sql, LogRow::map, params)) {
            row.event(now).ifPresent(events::add);
        }
        return events;
    }

    /** An entry of the log, as the in-memory state needs it. */
    private record LogRow(String kind, String target, Optional<Instant> until, Optional<String> detail) {
        static LogRow map(ResultSet row) throws SQLException {
            return new LogRow(
                    row.getString("kind"),
                    row.getString("target"),
                    Jdbc.optionalInstant(row, "until"),
                    Jdbc.optionalString(row, "detail"));
        }

        Optional<RevocationEvent> event(Instant now) {
            if (until.isPresent() && !until.get().isAfter(now)) {
                return Optional.empty(); // every token it concerned has expired
            }
            return RevocationKind.fromValue(kind).flatMap(k -> switch (k) {
                case GRANT -> Optional.of(new RevocationEvent.GrantRevoked(new GrantId(target), until.orElseThrow()));
                case ACCESS_TOKEN -> Optional.of(new RevocationEvent.AccessTokenRevoked(target, until.orElseThrow()));
                case SUBJECT_EPOCH ->
                    Optional.of(new RevocationEvent.SubjectEpochAdvanced(new Subject(target), epoch()));
                case CLIENT_EPOCH ->
                    Optional.of(new RevocationEvent.ClientEpochAdvanced(new ClientId(target), epoch()));
                case SIGNING_KEY -> Optional.of(new RevocationEvent.SigningKeyRevoked(target));
                case SESSION -> Optional.empty(); // decided by the database at each use
            });
        }

        private long epoch() {
            return Long.parseLong(detail.orElseThrow());
        }
    }

    /** The whole live state: unexpired grant and access-token revocations of the log, the epochs, revoked keys. */
    private static List<RevocationEvent> live(Connection c, Instant now) throws SQLException {
        List<RevocationEvent> events = entries(
                c,
                now,
                "SELECT kind, target, until, detail FROM revocation_log WHERE kind IN (?, ?) AND until > ? ORDER BY seq",
                RevocationKind.GRANT.value(),
                RevocationKind.ACCESS_TOKEN.value(),
                now);
        events.addAll(Jdbc.list(
                c,
                "SELECT sub, epoch FROM subject_epochs WHERE epoch > 0",
                row -> new RevocationEvent.SubjectEpochAdvanced(new Subject(row.getString(1)), row.getLong(2))));
        events.addAll(Jdbc.list(
                c,
                "SELECT client_id, epoch FROM client_epochs WHERE epoch > 0",
                row -> new RevocationEvent.ClientEpochAdvanced(new ClientId(row.getString(1)), row.getLong(2))));
        events.addAll(Jdbc.list(
                c,
                "SELECT kid FROM signing_keys WHERE revoked_at IS NOT NULL",
                row -> new RevocationEvent.SigningKeyRevoked(row.getString(1))));
        return events;
    }
}
