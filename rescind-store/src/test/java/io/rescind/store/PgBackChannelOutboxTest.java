package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.logout.BackChannelRetryPolicy.Decision;
import io.rescind.core.logout.LogoutNotice;
import io.rescind.core.logout.OutboxEntry;
import io.rescind.core.secret.Entropy;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The back-channel logout outbox: claims that never overlap, outcomes recorded per attempt, the operator's view. */
class PgBackChannelOutboxTest {
    private static final Instant NOW = FreshStores.START;
    private static final Duration LEASE = Duration.ofMinutes(1);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    /** Queues a notice due at {@code due}, as the revocation cascade does; answers its id. */
    private static long queue(PostgresStore store, Instant due) {
        return TestSql.on(store)
                .one("""
                        INSERT INTO backchannel_outbox (client_id, jti, sub, sid, next_attempt_at, created_at,
                            updated_at)
                        VALUES ('client-a', ?, 'user-sub', 'session-1', ?, ?, ?) RETURNING id
                        """, row -> row.getLong(1), Entropy.identifier(), due, NOW, NOW)
                .orElseThrow();
    }

    private static OutboxEntry entry(PostgresStore store, long id) {
        return List.of(OutboxEntry.State.values()).stream()
                .flatMap(state -> store.backChannelOutbox().list(state, 100).stream())
                .filter(e -> e.id() == id)
                .findFirst()
                .orElseThrow();
    }

    private static List<Long> ids(PostgresStore store) {
        return List.of(OutboxEntry.State.values()).stream()
                .flatMap(state -> store.backChannelOutbox().list(state, 100).stream())
                .map(OutboxEntry::id)
                .sorted()
                .toList();
    }

    private static LogoutNotice claimOne(PostgresStore store, Instant now) {
        List<LogoutNotice> claimed = store.backChannelOutbox().claimDue(now, 10, LEASE);
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }

    @Nested
    class Claiming {
        @OnEachDatabase
        void onlyDueNoticesAreClaimedAndTheAttemptIsCounted(Target target) {
            var store = stores.open(target);
            long due = queue(store, NOW);
            queue(store, NOW.plusSeconds(1));

            List<LogoutNotice> claimed = store.backChannelOutbox().claimDue(NOW, 10, LEASE);

            assertThat(claimed).singleElement().satisfies(n -> {
                assertThat(n.id()).isEqualTo(due);
                assertThat(n.attempt()).isEqualTo(1);
                assertThat(n.sid())
                        .hasValueSatisfying(sid -> assertThat(sid.value()).isEqualTo("session-1"));
            });
        }

        @OnEachDatabase
        void aClaimedNoticeIsNotClaimedAgainUntilItsLeaseRunsOut(Target target) {
            var store = stores.open(target);
            queue(store, NOW);
            claimOne(store, NOW);

            assertThat(store.backChannelOutbox().claimDue(NOW.plus(LEASE).minusSeconds(1), 10, LEASE))
                    .isEmpty();
            assertThat(claimOne(store, NOW.plus(LEASE)).attempt()).isEqualTo(2);
        }

        @OnEachDatabase
        @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void aNoticeLockedByAnotherClaimerIsSkippedNotWaitedFor(Target target) {
            var store = stores.open(target);
            long locked = queue(store, NOW);
            long free = queue(store, NOW);

            List<LogoutNotice> claimed = TestSql.on(store).inTransaction(c -> {
                Jdbc.list(c, "SELECT id FROM backchannel_outbox WHERE id = ? FOR UPDATE", row -> 1, locked);
                return store.backChannelOutbox().claimDue(NOW, 10, LEASE);
            });

            assertThat(claimed).extracting(LogoutNotice::id).containsExactly(free);
        }
    }

    @Nested
    class Outcomes {
        /** The backlog counts the notices still to deliver, due or not; delivered and failed ones leave it. */
        @OnEachDatabase
        void theBacklogCountsThePendingNotices(Target target) {
            var store = stores.open(target);
            assertThat(store.backChannelOutbox().backlog()).isZero();
            queue(store, NOW);
            queue(store, NOW.plusSeconds(60));
            queue(store, NOW);
            assertThat(store.backChannelOutbox().backlog()).isEqualTo(3);

            var first = store.backChannelOutbox().claimDue(NOW, 2, LEASE);
            store.backChannelOutbox().record(first.get(0), new Decision.Delivered(), NOW);
            store.backChannelOutbox().record(first.get(1), new Decision.Failed("HTTP 400"), NOW);

            assertThat(store.backChannelOutbox().backlog()).isEqualTo(1);
        }

        @OnEachDatabase
        void aDeliveredNoticeIsNeverClaimedAgain(Target target) {
            var store = stores.open(target);
            long id = queue(store, NOW);
            store.backChannelOutbox().record(claimOne(store, NOW), new Decision.Delivered(), NOW);

            assertThat(store.backChannelOutbox().claimDue(NOW.plus(Duration.ofDays(1)), 10, LEASE))
                    .isEmpty();
            assertThat(entry(store, id).state()).isEqualTo(OutboxEntry.State.DELIVERED);
        }

        @OnEachDatabase
        void aRetryIsDueAtItsTimeWithItsError(Target target) {
            var store = stores.open(target);
            long id = queue(store, NOW);
            Instant at = NOW.plusSeconds(30);
            store.backChannelOutbox().record(claimOne(store, NOW), new Decision.RetryAt(at, "HTTP 503"), NOW);

            assertThat(entry(store, id)).satisfies(e -> {
                assertThat(e.state()).isEqualTo(OutboxEntry.State.PENDING);
                assertThat(e.nextAttemptAt()).isEqualTo(at);
                assertThat(e.lastError()).contains("HTTP 503");
            });
            assertThat(store.backChannelOutbox().claimDue(at.minusSeconds(1), 10, LEASE))
                    .isEmpty();
            assertThat(claimOne(store, at).attempt()).isEqualTo(2);
        }

        @OnEachDatabase
        void aFailedNoticeKeepsItsErrorAndIsNeverClaimedAgain(Target target) {
            var store = stores.open(target);
            long id = queue(store, NOW);
            store.backChannelOutbox().record(claimOne(store, NOW), new Decision.Failed("HTTP 410 (permanent)"), NOW);

            assertThat(store.backChannelOutbox().list(OutboxEntry.State.FAILED, 10))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.id()).isEqualTo(id);
                        assertThat(e.lastError()).contains("HTTP 410 (permanent)");
                        assertThat(e.attempts()).isEqualTo(1);
                    });
            assertThat(store.backChannelOutbox().claimDue(NOW.plus(Duration.ofDays(1)), 10, LEASE))
                    .isEmpty();
        }

        /** A node whose claim ran out while it was sending must not overwrite the attempt another node made since. */
        @OnEachDatabase
        void theOutcomeOfAnAttemptClaimedAgainSinceIsIgnored(Target target) {
            var store = stores.open(target);
            long id = queue(store, NOW);
            LogoutNotice stale = claimOne(store, NOW);
            claimOne(store, NOW.plus(LEASE));

            store.backChannelOutbox().record(stale, new Decision.Delivered(), NOW.plus(LEASE));

            assertThat(entry(store, id).state()).isEqualTo(OutboxEntry.State.PENDING);
        }
    }

    @Nested
    class Pruning {
        @OnEachDatabase
        void deliveredNoticesGoAfterADayFailedOnesAfterThirtyPendingOnesNever(Target target) {
            var store = stores.open(target);
            queue(store, NOW);
            store.backChannelOutbox().record(claimOne(store, NOW), new Decision.Delivered(), NOW);
            long failed = queue(store, NOW);
            store.backChannelOutbox().record(claimOne(store, NOW), new Decision.Failed("HTTP 404 (permanent)"), NOW);
            long pending = queue(store, NOW.plus(Duration.ofDays(60)));

            assertThat(store.backChannelOutbox().prune(NOW.plus(Duration.ofDays(2))))
                    .isEqualTo(1);
            assertThat(ids(store)).containsExactly(failed, pending);
            assertThat(store.backChannelOutbox().prune(NOW.plus(Duration.ofDays(31))))
                    .isEqualTo(1);
            assertThat(ids(store)).containsExactly(pending);
        }
    }
}
