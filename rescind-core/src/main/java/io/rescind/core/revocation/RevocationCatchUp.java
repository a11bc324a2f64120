package io.rescind.core.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps this node's revocation state up to date with the log that every node writes (DESIGN §2 invariant 3, §5):
 * a whole read at start, then reads from the last position, woken by the store's change notice and run periodically
 * to repair a lost notice. A new log generation (a restored database) makes it read the whole state again.
 */
public final class RevocationCatchUp {
    private final RevocationLog log;
    private final RevocationState state;
    private final Clock clock;
    private LogPosition position;
    private volatile Instant caughtUpAt = Instant.EPOCH;

    public RevocationCatchUp(RevocationLog log, RevocationState state, Clock clock) {
        this.log = log;
        this.state = state;
        this.clock = clock;
    }

    /** Reads the whole live state; the node serves nothing before this. */
    public synchronized void start() {
        Instant began = clock.instant();
        apply(log.readAll(began), began);
    }

    /** Reads what was committed since the last read (everything, if nothing was read yet). */
    public synchronized void catchUp() {
        Instant began = clock.instant();
        apply(position == null ? log.readAll(began) : log.readSince(position, began), began);
    }

    private void apply(LogRead read, Instant began) {
        if (read.whole()) {
            state.replace(read.events());
        } else {
            read.events().forEach(state::apply);
        }
        position = read.position();
        caughtUpAt = began;
    }

    /** When the last read began: every revocation committed before then is in the state. */
    public Instant caughtUpAt() {
        return caughtUpAt;
    }

    /** How far behind the log this node may be, now; empty before the first read. */
    public Optional<Duration> lag() {
        Instant at = caughtUpAt;
        return at.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(Duration.between(at, clock.instant()));
    }

    public synchronized Optional<LogPosition> position() {
        return Optional.ofNullable(position);
    }
}
