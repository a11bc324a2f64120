package io.rescind.store;

import static io.rescind.store.testing.TestRevocations.AUDIT;
import static io.rescind.store.testing.TestRevocations.revoke;
import static io.rescind.store.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.CascadePolicy;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.user.Subject;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestGrants;
import io.rescind.store.testing.TestSql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a committed revocation tells its caller and the other processes on the database. */
class PgRevocationsTest {
    @RegisterExtension
    final FreshStores stores = new FreshStores();

    @OnEachDatabase
    void itAnswersTheSequenceNumberOfItsLastLogEntry(Target target) {
        var store = stores.open(target);

        var executed = revoke(store, new RevocationTarget.Client(new ClientId("c")), FreshStores.START);

        long newest = TestSql.on(store)
                .one("SELECT max(seq) FROM revocation_log", row -> row.getLong(1))
                .orElseThrow();
        assertThat(executed.lastSeq()).hasValue(newest);
    }

    @OnEachDatabase
    void aRevocationThatChangesNothingAnswersNoSequenceNumber(Target target) {
        var store = stores.open(target);
        var grant = new RevocationTarget.Grant(GrantId.random(), FreshStores.START.plusSeconds(60));
        revoke(store, grant, FreshStores.START);

        var again = revoke(store, grant, FreshStores.START);

        assertThat(again.lastSeq()).isEmpty();
    }

    /**
     * Two revocations of one token committing at once can each log it (neither sees the other's entry): a later one
     * still finds it logged and changes nothing.
     */
    @OnEachDatabase
    void aTokenLoggedTwiceIsRevokedAgainWithoutChange(Target target) {
        var store = stores.open(target);
        var until = FreshStores.START.plusSeconds(60);
        List<RevocationTarget> tokens = List.of(
                new RevocationTarget.Grant(GrantId.random(), until), new RevocationTarget.AccessToken("a-jti", until));
        for (var token : tokens) {
            revoke(store, token, FreshStores.START);
        }
        TestSql.on(store).update("""
                INSERT INTO revocation_log (kind, target, until, created_at, initiator, interface, reason)
                SELECT kind, target, until, created_at, initiator, interface, reason FROM revocation_log
                """);

        for (var token : tokens) {
            var again = revoke(store, token, FreshStores.START);

            assertThat(again.events()).as("%s", token).isEmpty();
            assertThat(again.lastSeq()).as("%s", token).isEmpty();
        }
    }

    /**
     * Ending a session (DESIGN §1.3) revokes its online grants not yet revoked, each logged until its last access
     * token expires (or now, if that has passed), in grant-id order after the session's own entry.
     */
    @OnEachDatabase
    void endingASessionRevokesAndLogsItsOnlineGrants(Target target) {
        var store = stores.openWithGrantUser(target);
        Instant now = FreshStores.START;
        var sql = TestSql.on(store);
        GrantId live = onlineGrant(store);
        GrantId expired = onlineGrant(store);
        sql.update("UPDATE grants SET access_expires_at = ? WHERE grant_id = ?", now.minusSeconds(60), expired.value());
        GrantId offline = TestGrants.redeemedGrant(store);
        GrantId revoked = onlineGrant(store);
        sql.update(
                "UPDATE grants SET revoked_at = ?, revoked_reason = 'earlier' WHERE grant_id = ?",
                now,
                revoked.value());
        List<String> grantIdOrder = sql.inTransaction(c -> Jdbc.list(
                c,
                "SELECT grant_id FROM grants WHERE grant_id IN (?, ?) ORDER BY grant_id",
                row -> row.getString(1),
                live.value(),
                expired.value()));
        Map<String, Instant> until = Map.of(live.value(), now.plus(TestGrants.ACCESS_TTL), expired.value(), now);

        var executed = revoke(store, new RevocationTarget.Sessions(TestGrants.SUB, Optional.of(TestGrants.SID)), now);

        assertThat(executed.events())
                .containsExactlyElementsOf(grantIdOrder.stream()
                        .map(id -> new RevocationEvent.GrantRevoked(new GrantId(id), until.get(id)))
                        .toList());
        List<String> log = sql.inTransaction(c -> Jdbc.list(
                c,
                "SELECT kind, target, until FROM revocation_log ORDER BY seq",
                row -> row.getString("kind") + " " + row.getString("target") + " " + Jdbc.instant(row, "until")));
        var expectedLog = new ArrayList<String>();
        expectedLog.add("session " + TestGrants.SID.value() + " " + now.plus(Duration.ofDays(1)));
        grantIdOrder.forEach(id -> expectedLog.add("grant " + id + " " + until.get(id)));
        assertThat(log).containsExactlyElementsOf(expectedLog);
        List<String> reasons = sql.inTransaction(c -> Jdbc.list(
                c, "SELECT grant_id, revoked_reason FROM grants", row -> row.getString(1) + " " + row.getString(2)));
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        live.value() + " test",
                        expired.value() + " test",
                        offline.value() + " null",
                        revoked.value() + " earlier");
    }

    /** A grant of the test code's scope, which asks for offline_access: it outlives its session. */
    /** A grant without offline_access: bound to its session. */
    private static GrantId onlineGrant(PostgresStore store) {
        GrantId grant = TestGrants.redeemedGrant(store);
        TestSql.on(store).update("UPDATE grants SET scope = 'openid profile' WHERE grant_id = ?", grant.value());
        return grant;
    }

    /** An admin change and its revocation (DESIGN §1.3) commit together or not at all. */
    @OnEachDatabase
    void anAdminChangeCommitsWithItsRevocation(Target target) {
        var store = stores.open(target);
        User alice = user("alice").build();
        store.users().save(alice);
        var disabled = alice.withStatus(UserStatus.DISABLED);

        store.revocations()
                .execute(effectsWith(alice, new RevocationEffect.SaveUser(disabled)), AUDIT, FreshStores.START);

        assertThat(store.users().find(alice.sub()).orElseThrow().isActive()).isFalse();
        assertThat(subjectEpoch(store, alice)).isEqualTo(1L);
    }

    @OnEachDatabase
    void anAdminChangeThatFailsRollsBackItsRevocation(Target target) {
        var store = stores.open(target);
        User alice = user("alice").email("alice@example.com").build();
        User bob = user("bob").email("bob@example.com").build();
        store.users().save(alice);
        store.users().save(bob);
        var clash = new RevocationEffect.SaveUser(
                user("alice").sub(alice.sub()).email("bob@example.com").build());

        assertThatThrownBy(() -> store.revocations().execute(effectsWith(alice, clash), AUDIT, FreshStores.START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email");

        assertThat(subjectEpoch(store, alice)).isZero();
        assertThat(store.users().find(alice.sub()).orElseThrow().email()).isEqualTo(alice.email());
        assertThat(TestSql.on(store).one("SELECT count(*) FROM revocation_log", row -> row.getLong(1)))
                .contains(0L);
    }

    private static List<RevocationEffect> effectsWith(User user, RevocationEffect.AdminChangeEffect change) {
        var effects = new ArrayList<>(CascadePolicy.of(new RevocationTarget.User(user.sub())));
        effects.add(change);
        return effects;
    }

    private static long subjectEpoch(PostgresStore store, User user) {
        return TestSql.on(store)
                .one(
                        "SELECT epoch FROM subject_epochs WHERE sub = ?",
                        row -> row.getLong(1),
                        user.sub().value())
                .orElseThrow();
    }

    @Test
    void otherProcessesAreToldOfACommittedRevocation() throws Exception {
        // An admin command revokes beside a running server: the server must learn it without a restart.
        // A client's epoch is also held with the client (ClientCache): the servers read the clients again too.
        assertThat(noticesOf(new RevocationTarget.Client(new ClientId("c")), 2))
                .containsExactlyInAnyOrder(ChangeTopic.REVOCATIONS, ChangeTopic.CLIENTS);
    }

    @Test
    void aRevocationOfAUserTellsOfRevocationsOnly() throws Exception {
        assertThat(noticesOf(new RevocationTarget.User(new Subject("u")), 1)).containsExactly(ChangeTopic.REVOCATIONS);
    }

    /** The first {@code expected} notices a listener hears after {@code target} is revoked, and none after them. */
    private static List<ChangeTopic> noticesOf(RevocationTarget target, int expected) throws Exception {
        var database = TestDatabases.freshDatabase();
        var received = new LinkedBlockingQueue<ChangeTopic>();
        try (var store = PostgresStore.open(database, PoolSettings.of(2), Clock.systemUTC());
                var notices = PgChangeNotices.listen(database, received::add)) {
            revoke(store, target, FreshStores.START);
            List<ChangeTopic> heard = new ArrayList<>();
            for (int i = 0; i < expected; i++) {
                heard.add(received.poll(30, TimeUnit.SECONDS));
            }
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
            return heard;
        }
    }
}
