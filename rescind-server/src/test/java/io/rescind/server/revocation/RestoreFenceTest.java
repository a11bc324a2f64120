package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rescind after-restore} (the store's restore fence): after a database is restored from a backup, every token
 * and login session issued before is dead on a running node, which reads the new log generation whole; what is
 * issued afterwards works.
 */
class RestoreFenceTest {
    static TestServer server;
    static TestServer.RegisteredClient app;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        app = server.confidentialClient("fence-app");
        server.user("fence-user", "pw-fence");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyTokenAndSessionIssuedBeforeTheFenceIsDeadAndNewOnesWork() {
        String clientToken = Flows.clientCredentialsToken(server, app, "api");
        var browser = new Browser(server.http);
        var user = Flows.login(server, browser, app, "fence-user", "pw-fence", "openid offline_access");
        String userToken = user.tokens().path("access_token").asText();
        String refreshToken = user.tokens().path("refresh_token").asText();
        assertThat(Flows.active(server, app, userToken)).isTrue();
        assertThat(Flows.sessionLetsThrough(browser, app)).isTrue();

        var fenced = server.store.restoreFence().fence(server.clock.instant(), "cli:test");

        assertThat(fenced.sessions()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(server.admin.metrics())
                        .containsKey(
                                "rescind_revocation_log_generation_info{generation=\"" + fenced.generation() + "\"}"));
        assertThat(Flows.active(server, app, clientToken)).isFalse();
        assertThat(Flows.active(server, app, userToken)).isFalse();
        var refreshed = Flows.refresh(server, app, refreshToken);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(400);
        assertThat(refreshed.error()).isEqualTo("invalid_grant");
        assertThat(Flows.sessionLetsThrough(browser, app)).isFalse();

        String after = Flows.clientCredentialsToken(server, app, "api");
        assertThat(Flows.active(server, app, after)).isTrue();
        var again = Flows.login(server, app, "fence-user", "pw-fence", "openid offline_access");
        assertThat(Flows.active(server, app, again.tokens().path("access_token").asText()))
                .isTrue();
        assertThat(Flows.refresh(
                                server,
                                app,
                                again.tokens().path("refresh_token").asText())
                        .status())
                .isEqualTo(200);
    }
}
