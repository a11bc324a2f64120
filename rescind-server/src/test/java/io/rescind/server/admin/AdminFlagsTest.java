package io.rescind.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.feature.Feature;
import io.rescind.core.protocol.Scope;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import io.rescind.server.testing.TestServer.RegisteredClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The feature flags through the admin API (DESIGN §1.4): a disabled endpoint stays routed, authenticates its caller,
 * then answers 403 {@code access_denied}, and discovery stops advertising it, at once.
 */
class AdminFlagsTest {
    static TestServer server;
    static RegisteredClient web;
    static RegisteredClient incidentTool;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        web = server.confidentialClient("web");
        incidentTool = server.confidentialClient(
                "incident-tool", b -> b.scope(Scope.of("global_token_revocation", "revoke_session")));
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

    /**
     * Each flag, switched off through {@code PUT /admin/flags}: a well-formed, authenticated request to its endpoint
     * is refused with 403 at once, and discovery drops the endpoint's key (the access-token API has none).
     */
    @Nested
    class EveryFlag {
        Http.Reply probe(Feature feature) {
            return switch (feature) {
                case INTROSPECTION ->
                    server.http.postForm("/introspect", Map.of("token", "anything"), "Authorization", web.basic());
                case REVOKE_TOKEN -> revoke(web.basic());
                case REVOKE_ACCESS_TOKEN ->
                    server.http.post(
                            "/v1/auth/token/revoke",
                            "application/json",
                            "{\"token\":\""
                                    + Flows.clientCredentials(server, web, "api")
                                            .json()
                                            .path("access_token")
                                            .asText()
                                    + "\"}");
                case REVOKE_SESSION ->
                    server.http.postForm(
                            "/revoke_session",
                            Http.params("user_criterion_key", "uid", "user_criterion_value", "nobody"),
                            "Authorization",
                            incidentTool.basic());
                case GLOBAL_TOKEN_REVOCATION ->
                    server.http.post(
                            "/global-token-revocation",
                            "application/json",
                            "{\"sub_id\":{\"format\":\"email\",\"email\":\"nobody@example.com\"}}",
                            "Authorization",
                            incidentTool.basic());
                case END_SESSION -> server.http.get("/end_session");
            };
        }

        static Optional<String> discoveryKey(Feature feature) {
            return switch (feature) {
                case INTROSPECTION -> Optional.of("introspection_endpoint");
                case REVOKE_TOKEN -> Optional.of("revocation_endpoint");
                case REVOKE_ACCESS_TOKEN -> Optional.empty();
                case REVOKE_SESSION -> Optional.of("session_revocation_endpoint");
                case GLOBAL_TOKEN_REVOCATION -> Optional.of("global_token_revocation_endpoint");
                case END_SESSION -> Optional.of("end_session_endpoint");
            };
        }

        static boolean advertised(String key) {
            return server.http.get("/.well-known/openid-configuration").json().has(key);
        }

        @ParameterizedTest
        @EnumSource(Feature.class)
        void switchedOffTheEndpointAnswers403AndDiscoveryDropsIt(Feature feature) {
            assertThat(probe(feature).status()).as("enabled").isNotEqualTo(403);
            discoveryKey(feature)
                    .ifPresent(key -> assertThat(advertised(key)).as(key).isTrue());

            var changed = server.admin.put("/admin/flags/" + feature.name(), "{\"enabled\": false}");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);

            Http.Reply refused = probe(feature);
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains(feature == Feature.REVOKE_ACCESS_TOKEN ? "disabled" : "access_denied");
            discoveryKey(feature)
                    .ifPresent(key -> assertThat(advertised(key)).as(key).isFalse());
        }
    }

    @Test
    void aFlagIsPersistent() {
        server.admin.put("/admin/flags/END_SESSION", "{\"enabled\": false}");

        assertThat(server.store.features().load()).containsEntry(Feature.END_SESSION, Feature.State.DISABLED);
    }
}
