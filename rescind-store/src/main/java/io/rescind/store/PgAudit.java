package io.rescind.store;

import io.rescind.core.revocation.AuditEntry;
import io.rescind.core.revocation.AuditLog;
import io.rescind.core.revocation.AuditQuery;
import io.rescind.core.revocation.RevocationKind;
import io.rescind.store.sql.Jdbc;
import java.util.List;

/** The audit's view of the revocation log in PostgreSQL: newest first, filtered by fixed, bound SQL. */
public final class PgAudit implements AuditLog {
    private final Jdbc jdbc;

    public PgAudit(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<AuditEntry> entries(AuditQuery query) {
        return jdbc.run(c -> Jdbc.list(
                c,
                """
                SELECT seq, created_at, kind, target, initiator, interface, caller_ip, reason, detail
                FROM revocation_log
                WHERE (?::timestamptz IS NULL OR created_at >= ?)
                  AND (?::text IS NULL OR kind = ?)
                  AND (?::text IS NULL OR target = ?)
                ORDER BY seq DESC
                LIMIT ?
                """,
                row -> new AuditEntry(
                        row.getLong("seq"),
                        Jdbc.instant(row, "created_at"),
                        row.getString("kind"),
                        row.getString("target"),
                        row.getString("initiator"),
                        row.getString("interface"),
                        Jdbc.optionalString(row, "caller_ip"),
                        row.getString("reason"),
                        Jdbc.optionalString(row, "detail")),
                query.since(),
                query.since(),
                query.kind().map(RevocationKind::value),
                query.kind().map(RevocationKind::value),
                query.target(),
                query.target(),
                query.limit()));
    }

    @Override
    public String generation() {
        return jdbc.run(c -> Jdbc.one(c, "SELECT id FROM log_generation", row -> row.getString(1)))
                .orElseThrow(() -> new IllegalStateException("the database has no log generation"));
    }
}
