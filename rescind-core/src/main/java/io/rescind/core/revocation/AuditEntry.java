package io.rescind.core.revocation;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the revocation log as the audit shows it: who revoked what, when and how.
 *
 * @param kind a {@link RevocationKind} value (kept as text: a log written by a newer version may hold other kinds)
 * @param via the {@link RevocationInterface} value the revocation came through
 * @param detail what the entry adds (the new epoch, the user of an ended session)
 */
public record AuditEntry(
        long seq,
        Instant at,
        String kind,
        String target,
        String initiator,
        String via,
        Optional<String> callerIp,
        String reason,
        Optional<String> detail) {}
