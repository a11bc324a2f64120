package io.rescind.core.revocation;

import java.time.Instant;

/** The durable, ordered revocation log and the epochs (implemented by the PostgreSQL store). */
public interface RevocationLog {
    /**
     * The whole live state, with the position to catch up from: every event that still decides the validity of some
     * token at {@code now}, and every non-zero epoch.
     */
    LogRead readAll(Instant now);

    /**
     * What was committed at or after {@code from} that is still live at {@code now} (some of it again: events are
     * idempotent). When the log's generation is no longer {@code from}'s, the whole live state.
     */
    LogRead readSince(LogPosition from, Instant now);
}
