package io.rescind.core.revocation;

import java.time.Instant;
import java.util.List;

/** Carries out revocations (implemented by the PostgreSQL store). */
public interface RevocationStore {
    /**
     * Carries out {@code effects} in one transaction, with their revocation-log entries and back-channel notices: all
     * of it commits, or none does.
     */
    ExecutedRevocation execute(List<RevocationEffect> effects, RevocationAudit audit, Instant now);
}
