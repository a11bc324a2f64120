package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rescind.core.revocation.StalenessBound;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TcpProxy;
import io.rescind.server.testing.TestServer;
import io.rescind.store.testing.FreshDatabases;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN §2 invariant 5 (issue 4): while PostgreSQL is unreachable, no endpoint vouches for a token it cannot check,
 * every revocation interface answers 503 with {@code Retry-After}, issuance stops, and the node recovers by itself
 * when the database is back. The node is cut off by a TCP proxy between it and its database; the database itself
 * keeps running.
 */
class DatabaseOutageTest {
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    TcpProxy proxy;
    TestServer server;
    TestServer.RegisteredClient app;
    TestServer.RegisteredClient admin;

    @BeforeEach
    void start() {
        var proxied = TcpProxy.in(databases.create());
        proxy = proxied.proxy();
        server = TestServer.start(proxied.settings(), Map.of("revocation_rate_limit", "100000"));
        app = server.confidentialClient("outage-app");
        admin = GlobalTokenRevocationTest.registerAdmin(server, "outage-admin");
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    @Test
    void whileTheDatabaseIsUnreachableEveryAnswerFailsClosedAndTheNodeRecoversByItself() throws Exception {
        var owner = server.user("outage-user", "pw-outage");
        String clientToken = Flows.clientCredentialsToken(server, app, "api");
        var user = Flows.login(server, app, "outage-user", "pw-outage", "openid offline_access");
        String userToken = user.tokens().path("access_token").asText();
        String refreshToken = user.tokens().path("refresh_token").asText();
        assertThat(Flows.active(server, app, clientToken)).isTrue();

        proxy.cut();
        // Past the staleness bound, so even what the node holds in memory is too old to vouch for a token.
        Thread.sleep(StalenessBound.DEFAULT.plusMillis(50));

        Map<String, Http.Reply> replies = concurrently(Map.of(
                "introspection", () -> Flows.introspect(server, app, clientToken),
                "userinfo", () -> server.http.get("/userinfo", "Authorization", "Bearer " + userToken),
                "RFC 7009",
                        () -> server.http.postForm(
                                "/oauth/revoke", Map.of("token", clientToken), "Authorization", app.basic()),
                "global token revocation",
                        () -> GlobalTokenRevocationTest.revoke(
                                server,
                                GlobalTokenRevocationTest.json(Map.of("sub_id", GlobalTokenRevocationTest.uid(owner))),
                                "Authorization",
                                admin.basic()),
                "session revocation",
                        () -> SessionRevocationTest.revoke(
                                server,
                                SessionRevocationTest.criterion(
                                        "uid", owner.uid().value()),
                                "Authorization",
                                admin.basic()),
                "access-token revocation API", () -> AccessTokenRevocationApiTest.revoke(server, userToken),
                "client_credentials", () -> Flows.clientCredentials(server, app, "api"),
                "refresh", () -> Flows.refresh(server, app, refreshToken),
                "health", () -> server.http.get("/health")));

        replies.forEach((what, reply) -> {
            assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(503);
            if (!what.equals("health")) {
                assertThat(reply.error()).as(what).isEqualTo("temporarily_unavailable");
                assertThat(reply.header("Retry-After")).as(what).isPresent();
            }
        });

        var metrics = server.admin.metrics();
        assertThat(metrics)
                .containsEntry("rescind_store_up", 0.0)
                .doesNotContainKey("rescind_backchannel_outbox_backlog");
        assertThat(metrics.get("rescind_revocation_catch_up_failures_total")).isPositive();
        assertThat(metrics.get("rescind_revocation_state_age_seconds")).isGreaterThan(seconds(StalenessBound.DEFAULT));

        proxy.restore();
        await().atMost(RECOVERY_LIMIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Flows.introspect(server, app, clientToken).status() == 200);
        assertThat(Flows.active(server, app, clientToken)).isTrue();
        assertThat(Flows.refresh(server, app, refreshToken).status()).isEqualTo(200);
        assertThat(server.http.get("/health").status()).isEqualTo(200);
        // Revocations work again.
        assertThat(server.http
                        .postForm("/oauth/revoke", Map.of("token", clientToken), "Authorization", app.basic())
                        .status())
                .isEqualTo(200);
        assertThat(Flows.active(server, app, clientToken)).isFalse();
    }

    private static Map<String, Http.Reply> concurrently(Map<String, Callable<Http.Reply>> requests) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var pending = new LinkedHashMap<String, Future<Http.Reply>>();
            requests.forEach((what, request) -> pending.put(what, pool.submit(request)));
            var replies = new LinkedHashMap<String, Http.Reply>();
            for (var entry : pending.entrySet()) {
                replies.put(entry.getKey(), entry.getValue().get());
            }
            return replies;
        }
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
