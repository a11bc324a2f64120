package io.rescind.core.revocation;

import java.time.Instant;
import java.util.List;

/** The durable, ordered revocation log and the epochs (implemented by the PostgreSQL store). */
public interface RevocationLog {
    /** Every event that still decides the validity of some token at {@code now}, and every non-zero epoch. */
    List<RevocationEvent> live(Instant now);
}
