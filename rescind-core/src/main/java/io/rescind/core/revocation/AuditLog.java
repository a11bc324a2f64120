package io.rescind.core.revocation;

import java.util.List;

/** Reads the revocation log for the audit (implemented by the PostgreSQL store). */
public interface AuditLog {
    /** The entries the query selects, newest first. */
    List<AuditEntry> entries(AuditQuery query);
}
