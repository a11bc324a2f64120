package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.revocation.StalenessBound;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/metrics}: the node's revocation state lag, refusals, outbox backlog and pool use (issue 4). */
class AdminMetricsTest {
    static TestServer server;
    static TestServer.RegisteredClient app;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        app = server.confidentialClient("metrics-app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theStateIsWithinTheBoundAndEveryMetricHasHelpAndType() {
        Http.Reply reply = server.admin.get("/admin/metrics");
        assertThat(reply.status()).isEqualTo(200);
        for (String name : server.admin.metrics().keySet()) {
            String metric = name.replaceAll("\\{.*", "");
            assertThat(reply.body()).contains("# HELP " + metric + " ", "# TYPE " + metric + " ");
        }

        var samples = server.admin.metrics();
        double bound = StalenessBound.DEFAULT.toNanos() / 1e9;
        assertThat(samples.get("rescind_revocation_staleness_bound_seconds")).isEqualTo(bound);
        // The periodic read keeps the age near L/2; a loaded machine may delay it, so only a wide sanity bound.
        assertThat(samples.get("rescind_revocation_state_age_seconds")).isBetween(0.0, 5.0);
        assertThat(samples.get("rescind_revocation_log_horizon")).isPositive();
        assertThat(samples.get("rescind_store_up")).isEqualTo(1.0);
        assertThat(samples.get("rescind_backchannel_outbox_backlog")).isZero();
        assertThat(samples.get("rescind_db_pool_max_connections"))
                .isEqualTo(server.store.poolUse().max());
        assertThat(samples.keySet())
                .contains(
                        "rescind_db_pool_connections{state=\"active\"}", "rescind_db_pool_connections{state=\"idle\"}")
                .anyMatch(name -> name.startsWith("rescind_revocation_log_generation_info{generation=\""));
    }

    @Test
    void aRevocationAddsToTheStateAndMovesTheHorizon() {
        var before = server.admin.metrics();
        String token = Flows.clientCredentialsToken(server, app, "api");

        Http.Reply revoked =
                server.http.postForm("/oauth/revoke", Map.of("token", token), "Authorization", app.basic());
        assertThat(revoked.status()).isEqualTo(200);

        org.awaitility.Awaitility.await().untilAsserted(() -> {
            var after = server.admin.metrics();
            assertThat(after.get("rescind_revocation_state_entries"))
                    .isEqualTo(before.get("rescind_revocation_state_entries") + 1);
            assertThat(after.get("rescind_revocation_log_horizon"))
                    .isGreaterThan(before.get("rescind_revocation_log_horizon"));
        });
    }

    /** Introspected twice, a token is verified once; revoked, the remembered token is inactive all the same. */
    @Test
    void anAccessTokenIntrospectedAgainIsAHitOfTheVerifiedTokensAndStillDiesWhenRevoked() {
        String token = Flows.clientCredentialsToken(server, app, "api");
        var before = server.admin.metrics();

        assertThat(introspect(token)).isTrue();
        assertThat(introspect(token)).isTrue();

        var after = server.admin.metrics();
        assertThat(after.get("rescind_access_token_cache_misses_total"))
                .isEqualTo(before.get("rescind_access_token_cache_misses_total") + 1);
        assertThat(after.get("rescind_access_token_cache_hits_total"))
                .isEqualTo(before.get("rescind_access_token_cache_hits_total") + 1);
        assertThat(after.get("rescind_access_token_cache_entries")).isPositive();

        Http.Reply revoked =
                server.http.postForm("/oauth/revoke", Map.of("token", token), "Authorization", app.basic());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(introspect(token)).as("a remembered token, revoked").isFalse();
    }

    private boolean introspect(String token) {
        Http.Reply reply = server.http.postForm("/introspect", Map.of("token", token), "Authorization", app.basic());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("active").asBoolean();
    }

    @Test
    void metricsNeedTheAdminCredential() {
        Http.Reply reply = server.admin.http().get("/admin/metrics");
        assertThat(reply.status()).isEqualTo(401);
    }
}
