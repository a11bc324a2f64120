package io.rescind.store;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationLog;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    public List<RevocationEvent> live(Instant now) {
        return jdbc.run(c -> {
            List<RevocationEvent> events = new ArrayList<>(Jdbc.list(
                    c,
                    "SELECT kind, target, until FROM revocation_log WHERE kind IN (?, ?) AND until > ? ORDER BY seq",
                    row -> row.getString("kind").equals(PgCascade.GRANT)
                            ? new RevocationEvent.GrantRevoked(
                                    new GrantId(row.getString("target")), Jdbc.instant(row, "until"))
                            : new RevocationEvent.AccessTokenRevoked(
                                    row.getString("target"), Jdbc.instant(row, "until")),
                    PgCascade.GRANT,
                    PgCascade.ACCESS_TOKEN,
                    now));
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
        });
    }
}
