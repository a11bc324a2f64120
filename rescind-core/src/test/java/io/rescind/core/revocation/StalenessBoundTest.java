package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.grant.GrantId;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.revocation.RevocationCatchUpTest.ScriptedLog;
import io.rescind.core.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** DESIGN §2 invariants 3 and 5: a node answers from a state at most L old, or reads the log now, or fails closed. */
class StalenessBoundTest {
    static final Duration L = Duration.ofMillis(250);
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    final ScriptedLog log = new ScriptedLog();
    final RevocationState state = new RevocationState();
    final RevocationCatchUp catchUp = new RevocationCatchUp(log, state, new TestClock(NOW), nanos::get);
    final StalenessBound staleness = new StalenessBound(catchUp, L);

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    void started() {
        log.reads.add(new LogRead(new LogPosition("g1", 1), List.of(), true));
        catchUp.catchUp();
    }

    static RevocationEvent.GrantRevoked grant() {
        return new RevocationEvent.GrantRevoked(GrantId.random(), NOW.plusSeconds(300));
    }

    @Test
    void aStateWithinTheBoundIsUsedWithoutARead() {
        started();
        advance(L);

        staleness.confirm();

        assertThat(log.askedFrom).isEmpty();
    }

    @Test
    void anOlderStateIsReadFromTheLogFirst() {
        started();
        advance(L.plusMillis(1));
        var revoked = grant();
        log.reads.add(new LogRead(new LogPosition("g1", 2), List.of(revoked), false));

        staleness.confirm();

        assertThat(log.askedFrom).containsExactly(new LogPosition("g1", 1));
        assertThat(state.size()).isEqualTo(1);
        assertThat(staleness.refused()).isZero();
    }

    @Test
    void whenTheLogCannotBeReadTheRequestFailsClosed() {
        started();
        advance(L.plusMillis(1));

        assertThatThrownBy(staleness::confirm)
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.TEMPORARILY_UNAVAILABLE));
        assertThat(staleness.refused()).isEqualTo(1);
    }

    @Test
    void afterAFailedReadRequestsFailAtOnceUntilThePauseEndsThenReadAgain() {
        started();
        advance(L.plusMillis(1));
        assertThatThrownBy(staleness::confirm).isInstanceOf(OAuthException.class);
        int askedAfterFailure = log.askedFrom.size();

        advance(staleness.period().minusMillis(1));
        assertThatThrownBy(staleness::confirm).isInstanceOf(OAuthException.class);
        assertThat(log.askedFrom).hasSize(askedAfterFailure);

        advance(Duration.ofMillis(1));
        log.reads.add(new LogRead(new LogPosition("g1", 2), List.of(), false));
        staleness.confirm();
        assertThat(log.askedFrom).hasSize(askedAfterFailure + 1);
        assertThat(staleness.refused()).isEqualTo(2);
    }

    /** A read slower than L leaves a state older than L: what committed during the read may be missing from it. */
    @Test
    void aReadSlowerThanTheBoundDoesNotConfirm() {
        started();
        advance(L.plusMillis(1));
        log.reads.add(new LogRead(new LogPosition("g1", 2), List.of(), false));
        log.duringRead = () -> advance(L.plusMillis(1));

        assertThatThrownBy(staleness::confirm).isInstanceOf(OAuthException.class);
    }

    /** A request does not queue behind a hung read for longer than L: it fails closed instead. */
    @Test
    void aRequestWaitsForAnotherReadAtMostTheBound() throws Exception {
        var realTime = new RevocationCatchUp(log, state, new TestClock(NOW), System::nanoTime);
        var bound = new StalenessBound(realTime, Duration.ofMillis(50));
        log.reads.add(new LogRead(new LogPosition("g1", 1), List.of(), true));
        realTime.catchUp();
        var hung = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        log.duringRead = () -> {
            hung.countDown();
            await(release);
        };
        log.reads.add(new LogRead(new LogPosition("g1", 2), List.of(), false));
        Thread reader = Thread.ofVirtual().start(realTime::catchUp);
        try {
            assertThat(hung.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(60); // the state is now older than the bound

            long start = System.nanoTime();
            assertThatThrownBy(bound::confirm).isInstanceOf(OAuthException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("given up after about the bound, not after the hung read")
                    .isLessThan(Duration.ofSeconds(2));
        } finally {
            release.countDown();
            reader.join();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whatever the interleaving of commits, periodic reads, failed reads and requests: a request that is answered from
     * the state at time t sees every revocation that committed before t - L.
     */
    @Property(tries = 300)
    void anAnsweredRequestSeesEveryRevocationCommittedMoreThanTheBoundBefore(@ForAll("steps") List<Step> steps) {
        var commits = new ArrayList<Commit>();
        var clock = new AtomicLong(0);
        var simulated = new SimulatedLog(commits, clock);
        var view = new RevocationState();
        var catchUp = new RevocationCatchUp(simulated, view, new TestClock(NOW), clock::get);
        var bound = new StalenessBound(catchUp, L);
        catchUp.catchUp();
        for (Step step : steps) {
            clock.addAndGet(step.pause().toNanos());
            switch (step.kind()) {
                case COMMIT ->
                    commits.add(new Commit(clock.get(), UUID.randomUUID().toString()));
                case PERIODIC_READ -> {
                    try {
                        catchUp.catchUp();
                    } catch (RuntimeException e) {
                        // an unreachable database: the state keeps its age
                    }
                }
                case DATABASE_DOWN -> simulated.down = true;
                case DATABASE_UP -> simulated.down = false;
                case REQUEST -> {
                    boolean answered;
                    try {
                        bound.confirm();
                        answered = true;
                    } catch (OAuthException e) {
                        answered = false;
                    }
                    if (answered) {
                        long deadline = clock.get() - L.toNanos();
                        commits.stream()
                                .filter(c -> c.at() < deadline)
                                .forEach(c -> assertThat(view.isAccessTokenRevoked(c.jti()))
                                        .as(
                                                "a revocation committed %d ms before the answer",
                                                (clock.get() - c.at()) / 1_000_000)
                                        .isTrue());
                    }
                }
            }
        }
        // The bound answers, too: it does not pass by refusing everything.
        simulated.down = false;
        clock.addAndGet(bound.period().toNanos());
        catchUp.catchUp();
        bound.confirm();
    }

    enum StepKind {
        COMMIT,
        PERIODIC_READ,
        DATABASE_DOWN,
        DATABASE_UP,
        REQUEST
    }

    record Step(StepKind kind, Duration pause) {}

    record Commit(long at, String jti) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(
                        Arbitraries.of(StepKind.class),
                        Arbitraries.longs().between(0, 400).map(Duration::ofMillis))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    /** A log whose reads see what committed before they began, as a PostgreSQL snapshot does. */
    static final class SimulatedLog implements RevocationLog {
        final List<Commit> commits;
        final AtomicLong clock;
        boolean down;

        SimulatedLog(List<Commit> commits, AtomicLong clock) {
            this.commits = commits;
            this.clock = clock;
        }

        @Override
        public LogRead readAll(Instant now) {
            return read(true);
        }

        @Override
        public LogRead readSince(LogPosition from, Instant now) {
            return read(false);
        }

        private LogRead read(boolean whole) {
            if (down) {
                throw new IllegalStateException("the database is unreachable");
            }
            long snapshot = clock.get();
            List<RevocationEvent> events = commits.stream()
                    .filter(c -> c.at() <= snapshot)
                    .map(c -> (RevocationEvent) new RevocationEvent.AccessTokenRevoked(c.jti(), NOW.plusSeconds(300)))
                    .toList();
            return new LogRead(new LogPosition("g1", snapshot), events, whole);
        }
    }
}
