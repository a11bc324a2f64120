package io.rescind.core.revocation;

import java.util.List;

/** Reads the revocation log for the audit (implemented by the PostgreSQL store). */
public interface AuditLog {
    /** The entries the query selects, newest first. */
    List<AuditEntry> entries(AuditQuery query);

    /**
     * The id of this log's generation, created with the database: a restored database gets a new one, so a reader
     * that remembers sequence numbers knows they no longer apply (DESIGN §2).
     */
    String generation();
}
