package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.grant.GrantId;
import io.rescind.core.testing.TestClock;
import io.rescind.core.user.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How a node keeps its state with the log: a whole read, then reads from its position (DESIGN §5). */
class RevocationCatchUpTest {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    final TestClock clock = new TestClock(NOW);
    final RevocationState state = new RevocationState();
    final ScriptedLog log = new ScriptedLog();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final RevocationCatchUp catchUp = new RevocationCatchUp(log, state, clock, nanos::get);

    static RevocationEvent.GrantRevoked grant() {
        return new RevocationEvent.GrantRevoked(GrantId.random(), NOW.plusSeconds(300));
    }

    /**
     * Answers the reads a test lines up (an empty list is an unreachable database), and remembers the positions it was
     * asked to read from.
     */
    static final class ScriptedLog implements RevocationLog {
        final List<LogRead> reads = new ArrayList<>();
        final List<LogPosition> askedFrom = new ArrayList<>();
        Runnable duringRead = () -> {};

        @Override
        public LogRead readAll(Instant now) {
            return next();
        }

        @Override
        public LogRead readSince(LogPosition from, Instant now) {
            askedFrom.add(from);
            return next();
        }

        private LogRead next() {
            duringRead.run();
            if (reads.isEmpty()) {
                throw new IllegalStateException("the database is unreachable");
            }
            return reads.removeFirst();
        }
    }

    @Test
    void eachReadStartsWhereTheLastEnded() {
        var first = grant();
        var second = grant();
        log.reads.add(new LogRead(new LogPosition("g1", 10), List.of(first), true));
        log.reads.add(new LogRead(new LogPosition("g1", 12), List.of(second), false));
        log.reads.add(new LogRead(new LogPosition("g1", 15), List.of(), false));

        catchUp.catchUp();
        catchUp.catchUp();
        catchUp.catchUp();

        assertThat(log.askedFrom).containsExactly(new LogPosition("g1", 10), new LogPosition("g1", 12));
        assertThat(state.size()).isEqualTo(2);
    }

    /** A restored database: what the node knew of the old log is replaced, not added to. */
    @Test
    void aWholeReadReplacesTheState() {
        var old = grant();
        var epoch = new RevocationEvent.SubjectEpochAdvanced(new Subject("alice"), 3);
        log.reads.add(new LogRead(new LogPosition("g1", 10), List.of(old), true));
        log.reads.add(new LogRead(new LogPosition("g2", 4), List.of(epoch), true));

        catchUp.catchUp();
        catchUp.catchUp();

        assertThat(state.size()).isEqualTo(1);
    }

    /** The state holds what committed before the read began: its age counts from then, not from the read's end. */
    @Test
    void theAgeCountsFromTheStartOfTheLastSuccessfulRead() {
        assertThat(catchUp.age()).isEmpty();
        log.reads.add(new LogRead(new LogPosition("g1", 10), List.of(), true));
        log.duringRead = () -> nanos.addAndGet(Duration.ofMillis(30).toNanos());

        catchUp.catchUp();
        nanos.addAndGet(Duration.ofMillis(100).toNanos());

        assertThat(catchUp.age()).contains(Duration.ofMillis(130));
        assertThat(catchUp.position()).contains(new LogPosition("g1", 10));
    }

    @Test
    void aFailedReadKeepsThePositionAndTheAgeAndIsCounted() {
        log.reads.add(new LogRead(new LogPosition("g1", 10), List.of(), true));
        catchUp.catchUp();
        nanos.addAndGet(Duration.ofMillis(400).toNanos());

        assertThatThrownBy(catchUp::catchUp).hasMessageContaining("unreachable");

        assertThat(catchUp.failures()).isEqualTo(1);
        assertThat(catchUp.age()).contains(Duration.ofMillis(400));
        log.reads.add(new LogRead(new LogPosition("g1", 11), List.of(), false));
        catchUp.catchUp();
        assertThat(log.askedFrom).containsExactly(new LogPosition("g1", 10), new LogPosition("g1", 10));
        assertThat(catchUp.age()).contains(Duration.ZERO);
    }
}
