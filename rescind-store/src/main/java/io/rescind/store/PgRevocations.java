package io.rescind.store;

import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationStore;
import io.rescind.store.sql.Jdbc;
import java.time.Instant;
import java.util.List;

/** Revocations in PostgreSQL: a cascade, its log entries and its notices in one transaction. */
public final class PgRevocations implements RevocationStore {
    private final Jdbc jdbc;

    public PgRevocations(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ExecutedRevocation execute(List<RevocationEffect> effects, RevocationAudit audit, Instant now) {
        return jdbc.inTransaction(c -> PgCascade.execute(c, effects, audit, now));
    }
}
