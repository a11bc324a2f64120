package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.feature.Feature;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import io.rescind.server.testing.TestServer.RegisteredClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The feature flags through the admin API (DESIGN §1.4): a disabled endpoint stays routed, authenticates its caller,
 * then answers 403 {@code access_denied}, and discovery stops advertising it, at once.
 */
class AdminFlagsTest {
    static TestServer server;
    static RegisteredClient web;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        web = server.confidentialClient("web");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void enableEverything() {
        for (Feature feature : Feature.values()) {
            server.admin.put("/admin/flags/" + feature.name(), "{\"enabled\": true}");
        }
    }

    static Http.Reply revoke(String authorization) {
        return server.http.postForm("/oauth/revoke", Map.of("token", "anything"), "Authorization", authorization);
    }

    @Nested
    class Listing {
        @Test
        void everyFlagIsListedWithItsState() {
            server.admin.put("/admin/flags/INTROSPECTION", "{\"enabled\": false}");

            var flags = server.admin.get("/admin/flags").json().path("flags");

            assertThat(flags).hasSize(Feature.values().length);
            assertThat(flags.findValuesAsText("name")).contains("REVOKE_TOKEN", "INTROSPECTION");
            flags.forEach(f -> assertThat(f.path("enabled").asBoolean())
                    .as(f.toString())
                    .isEqualTo(!f.path("name").asText().equals("INTROSPECTION")));
        }

        @Test
        void aChangeAnswersTheNewState() {
            var reply = server.admin.put("/admin/flags/REVOKE_SESSION", "{\"enabled\": false}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("enabled").asBoolean()).isFalse();
        }
    }

    @Nested
    class RevokeTokenDisabled {
        @Test
        void theEndpointAnswers403AccessDeniedAfterAuthentication() {
            server.admin.put("/admin/flags/REVOKE_TOKEN", "{\"enabled\": false}");

            var reply = revoke(web.basic());

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.error()).isEqualTo("access_denied");
        }

        @Test
        void badCredentialsAreStill401First() {
            server.admin.put("/admin/flags/REVOKE_TOKEN", "{\"enabled\": false}");

            var reply = revoke(Http.basic("web", "wrong"));

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_client");
        }

        @Test
        void discoveryStopsAdvertisingTheEndpoint() {
            server.admin.put("/admin/flags/REVOKE_TOKEN", "{\"enabled\": false}");

            assertThat(server.http
                            .get("/.well-known/openid-configuration")
                            .json()
                            .has("revocation_endpoint"))
                    .isFalse();
        }

        @Test
        void enabledAgainItAnswersAsBefore() {
            server.admin.put("/admin/flags/REVOKE_TOKEN", "{\"enabled\": false}");
            server.admin.put("/admin/flags/REVOKE_TOKEN", "{\"enabled\": true}");

            assertThat(revoke(web.basic()).status()).isEqualTo(400); // "anything" is no token of ours
            assertThat(server.http
                            .get("/.well-known/openid-configuration")
                            .json()
                            .has("revocation_endpoint"))
                    .isTrue();
        }
    }

    @Test
    void aFlagIsPersistent() {
        server.admin.put("/admin/flags/END_SESSION", "{\"enabled\": false}");

        assertThat(server.store.features().load()).containsEntry(Feature.END_SESSION, Feature.State.DISABLED);
    }
}
