package io.rescind.store;

import static io.rescind.store.testing.TestRevocations.AUDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.CascadePolicy;
import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestGrants;
import io.rescind.store.testing.TestSql;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group commit (issue 5): revocations of single tokens that arrive while a transaction commits share the next one,
 * and each caller still learns what its own revocation did.
 */
class GroupCommitTest {
    private static final int WAITING = 12;
    private static final Instant UNTIL = FreshStores.START.plusSeconds(300);

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    @OnEachDatabase
    void revocationsThatArriveDuringACommitShareTheNextTransaction(Target target) throws Exception {
        var store = stores.open(target);
        var sql = TestSql.on(store);

        List<String> tokens = inLane(PgRevocations.lane("first"), "jti-", WAITING);

        List<Future<ExecutedRevocation>> waiting = whileTheFirstCommits(store, "first", tokens);

        for (int i = 0; i < WAITING; i++) {
            ExecutedRevocation executed = waiting.get(i).get();
            assertThat(executed.events()).containsExactly(new RevocationEvent.AccessTokenRevoked(tokens.get(i), UNTIL));
            assertThat(executed.lastSeq()).isPresent();
        }
        assertThat(sql.count("SELECT count(DISTINCT txid) FROM revocation_log WHERE target LIKE 'jti-%'"))
                .as("transactions of the revocations that waited")
                .isEqualTo(1);
        assertThat(sql.count("SELECT count(*) FROM revocation_log WHERE target LIKE 'jti-%'"))
                .isEqualTo(WAITING);
        assertThat(sql.count("""
                        SELECT count(*) FROM revocation_log a JOIN revocation_log b ON a.txid = b.txid
                        WHERE a.target = 'first' AND b.target <> 'first'
                        """))
                .as("revocations in the first one's transaction")
                .isZero();
    }

    /** A token revoked twice in one batch is logged once; both callers are answered. */
    @OnEachDatabase
    void oneTokenTwiceInABatchIsLoggedOnce(Target target) throws Exception {
        var store = stores.open(target);

        String twice = inLane(PgRevocations.lane("first"), "twice-", 1).getFirst();

        var waiting = whileTheFirstCommits(store, "first", List.of(twice, twice));

        List<Integer> events = new ArrayList<>();
        for (var each : waiting) {
            events.add(each.get().events().size());
        }
        assertThat(events).as("events of each caller").containsExactlyInAnyOrder(1, 0);
        assertThat(TestSql.on(store).count("SELECT count(*) FROM revocation_log WHERE target = ?", twice))
                .isEqualTo(1);
    }

    /** A revocation that cannot commit fails alone: the others of its batch commit without it. */
    @OnEachDatabase
    void aRevocationThatFailsInABatchFailsAlone(Target target) throws Exception {
        var store = stores.open(target);

        // PostgreSQL refuses a NUL character in text: this revocation's statement fails, and its batch with it.
        int lane = PgRevocations.lane("first");
        List<String> good = inLane(lane, "good-", 2);
        String bad = inLane(lane, "bad\u0000", 1).getFirst();
        var waiting = whileTheFirstCommits(store, "first", List.of(good.get(0), bad, good.get(1)));

        assertThat(waiting.get(0).get().events()).hasSize(1);
        assertThatThrownBy(() -> waiting.get(1).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class);
        assertThat(waiting.get(2).get().events()).hasSize(1);
        assertThat(TestSql.on(store)
                        .count("SELECT count(*) FROM revocation_log WHERE target IN (?, ?)", good.get(0), good.get(1)))
                .isEqualTo(2);
    }

    /** A grant always takes the same lane, so a batch waiting for a lock keeps only its own lane waiting. */
    @OnEachDatabase
    void aBatchThatWaitsHoldsUpNoOtherLane(Target target) throws Exception {
        var store = stores.openWithGrantUser(target);
        var revocations = store.revocations();
        var sql = TestSql.on(store);
        GrantId grant = TestGrants.redeemedGrant(store);
        String otherLane = IntStream.range(0, PgRevocations.LANES)
                .filter(lane -> lane != PgRevocations.lane(grant.value()))
                .mapToObj(lane -> inLane(lane, "other-", 1).getFirst())
                .findFirst()
                .orElseThrow();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ExecutedRevocation> waiting = sql.inTransaction(c -> {
                Jdbc.list(c, "SELECT 1 FROM grants WHERE grant_id = ? FOR UPDATE", row -> 1, grant.value());
                var revoking = executor.submit(() -> revocations.execute(
                        CascadePolicy.of(new RevocationTarget.Grant(grant, UNTIL)), AUDIT, FreshStores.START));
                await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("""
                                SELECT count(*) FROM pg_stat_activity
                                WHERE datname = current_database() AND wait_event_type = 'Lock'
                                """) > 0);

                var other = executor.submit(() -> revoke(revocations, otherLane));

                assertThat(other)
                        .succeedsWithin(Duration.ofSeconds(30))
                        .satisfies(executed -> assertThat(executed.events()).hasSize(1));
                assertThat(revoking).isNotDone();
                return revoking;
            });
            assertThat(waiting.get(30, TimeUnit.SECONDS).events()).hasSize(1);
        }
    }

    @Test
    void aBatchThatCannotReachTheDatabaseFailsAtOnce() {
        assertThat(GroupCommit.unreachable(new StoreException("x", new SQLTransientConnectionException("timeout"))))
                .isTrue();
        assertThat(GroupCommit.unreachable(new StoreException("x", new SQLException("broken", "08006"))))
                .isTrue();
        assertThat(GroupCommit.unreachable(new StoreException("x", new SQLException("terminated", "57P01"))))
                .isTrue();
        assertThat(GroupCommit.unreachable(new StoreException("x", new SQLException("bad text", "22021"))))
                .isFalse();
        assertThat(GroupCommit.unreachable(new StoreException("x", new SocketException("reset"))))
                .isFalse();
    }

    /**
     * Revokes the access token {@code first}, holds its transaction until each of {@code tokens} waits for the next
     * one, then lets them all commit; answers the outcome of each of {@code tokens}, in order.
     */
    private static List<Future<ExecutedRevocation>> whileTheFirstCommits(
            PostgresStore store, String first, List<String> tokens) throws Exception {
        var revocations = store.revocations();
        var sql = TestSql.on(store);
        List<Future<ExecutedRevocation>> waiting = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ExecutedRevocation> leader = sql.inTransaction(c -> {
                // The first revocation's log entry waits for this lock, with the batch's transaction open.
                Jdbc.update(c, "LOCK TABLE revocation_log IN SHARE MODE");
                var revoking = executor.submit(() -> revoke(revocations, first));
                await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("""
                                SELECT count(*) FROM pg_locks
                                WHERE relation = 'revocation_log'::regclass AND NOT granted
                                """) > 0);
                for (String token : tokens) {
                    waiting.add(executor.submit(() -> revoke(revocations, token)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> revocations.queued() == tokens.size());
                return revoking;
            });
            assertThat(leader.get().events()).hasSize(1);
            for (var each : waiting) {
                await().atMost(Duration.ofSeconds(30)).until(each::isDone);
            }
        }
        return waiting;
    }

    /** {@code count} targets {@code prefix<n>} that take {@code lane}. */
    private static List<String> inLane(int lane, String prefix, int count) {
        return IntStream.iterate(0, i -> i + 1)
                .mapToObj(i -> prefix + i)
                .filter(target -> PgRevocations.lane(target) == lane)
                .limit(count)
                .toList();
    }

    private static ExecutedRevocation revoke(PgRevocations revocations, String jti) {
        return revocations.execute(
                CascadePolicy.of(new RevocationTarget.AccessToken(jti, UNTIL)), AUDIT, FreshStores.START);
    }
}
