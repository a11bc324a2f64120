package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestSql;
import java.sql.Connection;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2 invariant 3 end to end: a revocation whose change notice never reached this node is honoured within the
 * staleness bound L, and a node that cannot bring its revocation state up to date fails closed rather than answer from
 * an old one.
 */
class StaleRevocationStateTest {
    static final Duration L = StalenessBound.DEFAULT;

    static TestServer server;
    static TestServer.RegisteredClient app;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        app = server.confidentialClient("stale-app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Another node's revocation, committed without the notice that would have woken this node: each time it is
     * honoured L after its commit, whether the periodic read or the request's own read brought it (the unit tests of
     * {@link StalenessBound} pin the request's read; with the old one-second period this failed in the first rounds).
     */
    @Test
    void aRevocationWhoseNoticeWasLostIsHonouredWithinTheBound() throws Exception {
        String bystander = Flows.clientCredentialsToken(server, app, "api");
        for (int round = 0; round < 5; round++) {
            String token = Flows.clientCredentialsToken(server, app, "api");
            assertThat(Flows.active(server, app, token)).isTrue();

            TestSql.on(server.store).update("""
                    INSERT INTO revocation_log (kind, target, until, created_at, initiator, interface)
                    VALUES ('access_token', ?, now() + interval '1 day', now(), 'system', 'rfc7009')
                    """, jti(token));
            Thread.sleep(L.plusMillis(20));

            assertThat(Flows.active(server, app, token)).as("round %d", round).isFalse();
            assertThat(Flows.active(server, app, bystander)).isTrue();
        }
    }

    /**
     * The log cannot be read (a lock holds the table, as a stuck database would): once the state is older than L,
     * introspection answers 503 rather than {@code active:true}, and answers again when the log can be read.
     */
    @Test
    void aNodeThatCannotReadTheLogFailsClosedThenRecovers() throws Exception {
        String token = Flows.clientCredentialsToken(server, app, "api");
        assertThat(Flows.active(server, app, token)).isTrue();

        try (Connection locker = TestDatabases.connect(server.store.connectionSettings())) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE revocation_log IN ACCESS EXCLUSIVE MODE");
            }
            Thread.sleep(L.plusMillis(50));

            Http.Reply refused = Flows.introspect(server, app, token);
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.error()).isEqualTo("temporarily_unavailable");
            assertThat(refused.header("Retry-After")).isPresent();
            Http.Reply userinfo = server.http.get("/userinfo", "Authorization", "Bearer " + token);
            assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(503);
            assertThat(server.admin.metrics())
                    .containsEntry("rescind_store_up", 1.0)
                    .hasEntrySatisfying(
                            "rescind_revocation_state_age_seconds",
                            age -> assertThat(age).isGreaterThan(L.toNanos() / 1e9))
                    .hasEntrySatisfying(
                            "rescind_revocation_state_unconfirmed_total",
                            n -> assertThat(n).isGreaterThanOrEqualTo(2));
            locker.rollback();
        }

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Flows.introspect(server, app, token).status() == 200);
        assertThat(Flows.active(server, app, token)).isTrue();
    }

    private static String jti(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    }
}
