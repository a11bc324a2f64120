package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.revocation.StalenessBound;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/metrics}: the node's revocation state lag, refusals, outbox backlog and pool use (issue 4). */
public class AdminMetricsTest {
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

    public static Map<String, Double> scrape(TestServer at) {
        Http.Reply reply = at.admin.get("/admin/metrics");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        var samples = new java.util.LinkedHashMap<String, Double>();
        Matcher line = Pattern.compile("^([a-z_]+(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE)
                .matcher(reply.body());
        while (line.find()) {
            samples.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return samples;
    }

    @Test
    void theStateIsWithinTheBoundAndEveryMetricHasHelpAndType() {
        Http.Reply reply = server.admin.get("/admin/metrics");
        assertThat(reply.status()).isEqualTo(200);
        for (String name : scrape(server).keySet()) {
            String metric = name.replaceAll("\\{.*", "");
            assertThat(reply.body()).contains("# HELP " + metric + " ", "# TYPE " + metric + " ");
        }

        var samples = scrape(server);
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
        var before = scrape(server);
        String token = Flows.clientCredentialsToken(server, app, "api");

        Http.Reply revoked =
                server.http.postForm("/oauth/revoke", Map.of("token", token), "Authorization", app.basic());
        assertThat(revoked.status()).isEqualTo(200);

        org.awaitility.Awaitility.await().untilAsserted(() -> {
            var after = scrape(server);
            assertThat(after.get("rescind_revocation_state_entries"))
                    .isEqualTo(before.get("rescind_revocation_state_entries") + 1);
            assertThat(after.get("rescind_revocation_log_horizon"))
                    .isGreaterThan(before.get("rescind_revocation_log_horizon"));
        });
    }

    @Test
    void metricsNeedTheAdminCredential() {
        Http.Reply reply = server.admin.http().get("/admin/metrics");
        assertThat(reply.status()).isEqualTo(401);
    }
}
