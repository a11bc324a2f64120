package io.rescind.core.revocation;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps this node's revocation state up to date with the log that every node writes (DESIGN §2 invariant 3, §5):
 * a whole read first, then reads from the last position, woken by the store's change notice and run periodically
 * to repair a lost notice. A new log generation (a restored database) makes it read the whole state again.
 */
public final class RevocationCatchUp {
    private final RevocationLog log;
    private final RevocationState state;
    private final Clock clock;
    private LogPosition position;

    public RevocationCatchUp(RevocationLog log, RevocationState state, Clock clock) {
        this.log = log;
        this.state = state;
        this.clock = clock;
    }

    /** Reads what was committed since the last read; the first call reads the whole live state. */
    public synchronized void catchUp() {
        Instant now = clock.instant();
        LogRead read = position == null ? log.readAll(now) : log.readSince(position, now);
        if (read.whole()) {
            state.replace(read.events());
        } else {
            read.events().forEach(state::apply);
        }
        position = read.position();
    }
}
