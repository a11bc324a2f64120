package io.rescind.store;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationLog;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The revocation log in PostgreSQL. Events are appended in the transaction that revokes, so a revocation and its
 * event commit together or not at all.
 */
public final class PgRevocationLog implements RevocationLog {
    static final String GRANT = "grant";

    private final Jdbc jdbc;

    public PgRevocationLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    static void append(Connection c, RevocationEvent.GrantRevoked event, Instant now) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO revocation_log (kind, target, until, created_at) VALUES (?, ?, ?, ?)",
                GRANT,
                event.grantId().value(),
                event.until(),
                now);
    }

    @Override
    public List<RevocationEvent> live(Instant now) {
        return jdbc.run(c -> {
            List<RevocationEvent> events = new ArrayList<>(Jdbc.list(
                    c,
                    "SELECT target, until FROM revocation_log WHERE kind = ? AND until > ? ORDER BY seq",
                    row -> new RevocationEvent.GrantRevoked(
                            new GrantId(row.getString("target")), Jdbc.instant(row, "until")),
                    GRANT,
                    now));
            events.addAll(Jdbc.list(
                    c,
                    "SELECT sub, epoch FROM subject_epochs WHERE epoch > 0",
                    row -> new RevocationEvent.SubjectEpochAdvanced(new Subject(row.getString(1)), row.getLong(2))));
            events.addAll(Jdbc.list(
                    c,
                    "SELECT client_id, epoch FROM client_epochs WHERE epoch > 0",
                    row -> new RevocationEvent.ClientEpochAdvanced(new ClientId(row.getString(1)), row.getLong(2))));
            return events;
        });
    }
}
