package io.rescind.core.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Keeps this node's revocation state up to date with the log that every node writes (DESIGN §2 invariant 3, §5):
 * a whole read first, then reads from the last position, woken by the store's change notice and run periodically
 * to repair a lost notice. A new log generation (a restored database) makes it read the whole state again.
 *
 * <p>It also knows how old the state is: the state holds every revocation committed before the last successful read
 * began (the read's snapshot is taken after that instant), so its age is the time since then, on a monotonic clock.
 */
public final class RevocationCatchUp {
    private final RevocationLog log;
    private final RevocationState state;
    private final Clock clock;
    private final LongSupplier nanoTime;
    /** One read at a time; a request that would wait for another read can give up ({@link #readIfOlderThan}). */
    private final ReentrantLock reading = new ReentrantLock();

    private final AtomicLong failures = new AtomicLong();
    private volatile Optional<Progress> progress = Optional.empty();
    private volatile long lastFailureAt;
    private volatile boolean failing;

    /** Where the last successful read left the state, and when (monotonic nanoseconds) it began. */
    private record Progress(LogPosition position, long readStartedAt) {}

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    public RevocationCatchUp(RevocationLog log, RevocationState state, Clock clock, LongSupplier nanoTime) {
        this.log = log;
        this.state = state;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Reads what was committed since the last read; the first call reads the whole live state. */
    public void catchUp() {
        reading.lock();
        try {
            read();
        } finally {
            reading.unlock();
        }
    }

    /**
     * Reads the log unless the state is at most {@code maxAge} old, a read failed less than {@code pause} ago, or
     * another read keeps it waiting longer than {@code maxAge}; answers whether the state is at most {@code maxAge}
     * old afterwards. Never throws: a failed read answers false.
     */
    boolean readIfOlderThan(Duration maxAge, Duration pause) {
        if (isFresherThan(maxAge)) {
            return true;
        }
        if (failedWithin(pause)) {
            return false;
        }
        try {
            if (!reading.tryLock(maxAge.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (isFresherThan(maxAge)) {
                return true;
            }
            if (failedWithin(pause)) {
                return false;
            }
            read();
            return isFresherThan(maxAge);
        } catch (RuntimeException e) {
            return false;
        } finally {
            reading.unlock();
        }
    }

    private void read() {
        long startedAt = nanoTime.getAsLong();
        try {
            Instant now = clock.instant();
            Optional<Progress> last = progress;
            LogRead read =
                    last.isEmpty() ? log.readAll(now) : log.readSince(last.get().position(), now);
            if (read.whole()) {
                state.replace(read.events());
            } else {
                read.events().forEach(state::apply);
            }
            progress = Optional.of(new Progress(read.position(), startedAt));
            failing = false;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastFailureAt = nanoTime.getAsLong();
            failing = true;
            throw e;
        }
    }

    private boolean isFresherThan(Duration maxAge) {
        return age().filter(age -> age.compareTo(maxAge) <= 0).isPresent();
    }

    private boolean failedWithin(Duration pause) {
        return failing && nanoTime.getAsLong() - lastFailureAt < pause.toNanos();
    }

    /** How old the state is: the time since the last successful read began; empty before the first one. */
    public Optional<Duration> age() {
        long now = nanoTime.getAsLong();
        return progress.map(p -> Duration.ofNanos(now - p.readStartedAt()));
    }

    /** The log position of the last successful read; empty before the first one. */
    public Optional<LogPosition> position() {
        return progress.map(Progress::position);
    }

    /** How many reads failed since this node started (the database unreachable, mostly). */
    public long failures() {
        return failures.get();
    }
}
