package io.rescind.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand. It stands still at a start instant (the real current time by default, so keys and
 * tokens look recent), or, made with {@link #wallClock()}, follows the real clock plus whatever the test advanced.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Optional<Instant>> fixed;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public TestClock() {
        this(Instant.now());
    }

    public TestClock(Instant start) {
        this.fixed = new AtomicReference<>(Optional.of(start));
    }

    private TestClock(Optional<Instant> fixed) {
        this.fixed = new AtomicReference<>(fixed);
    }

    /** A clock that runs with the real one: for tests about what happens within one real second. */
    public static TestClock wallClock() {
        return new TestClock(Optional.empty());
    }

    public void advance(Duration duration) {
        if (fixed.get().isPresent()) {
            fixed.updateAndGet(t -> t.map(instant -> instant.plus(duration)));
        } else {
            offset.updateAndGet(o -> o.plus(duration));
        }
    }

    @Override
    public Instant instant() {
        return fixed.get().orElseGet(() -> Instant.now().plus(offset.get()));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
