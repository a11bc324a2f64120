package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.4 at /token, with RFC 8707 resource indicators, over real HTTP. */
class ClientCredentialsTest {
    private static final String API = "https://api.example.com";
    static TestServer server;
    static TestServer.RegisteredClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("audiences", API + ",https://billing.example.com"));
        client = server.confidentialClient("backend");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Reply request(Map<String, String> params) {
        return server.http.postForm("/token", params, "Authorization", client.basic());
    }

    private static JWTClaimsSet claims(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        try {
            return SignedJWT.parse(reply.json().path("access_token").asText()).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertError(Http.Reply reply, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo(error);
    }

    @Test
    void issuesAnAccessTokenThatIntrospectsActive() {
        var reply = Flows.clientCredentials(server, client, "api");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        var body = reply.json();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("scope").asText()).isEqualTo("api");
        var introspection = Flows.introspect(
                        server, client, body.path("access_token").asText())
                .json();
        assertThat(introspection.path("active").asBoolean()).isTrue();
        assertThat(introspection.path("sub").asText()).isEqualTo("client:backend");
    }

    @Nested
    class Scope {
        @Test
        void aSubsetOfTheClientsScopeIsGranted() {
            var reply = Flows.clientCredentials(server, client, "api email");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("scope").asText()).isEqualTo("api email");
            assertThat(claims(reply).getClaim("scope")).isEqualTo("api email");
        }

        @Test
        void withoutScopeTheClientsScopeLessTheUserScopesIsGranted() {
            var reply = request(Map.of("grant_type", "client_credentials"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("scope").asText()).isEqualTo("profile email phone api");
        }

        @Test
        void aScopeBeyondTheClientsIsInvalidScope() {
            assertError(Flows.clientCredentials(server, client, "api admin"), "invalid_scope");
        }

        @Test
        void openidIsInvalidScope() {
            assertError(Flows.clientCredentials(server, client, "openid api"), "invalid_scope");
        }

        @Test
        void offlineAccessIsInvalidScope() {
            assertError(Flows.clientCredentials(server, client, "offline_access"), "invalid_scope");
        }

        @Test
        void aMalformedScopeIsInvalidScope() {
            assertError(Flows.clientCredentials(server, client, "api \"quoted\""), "invalid_scope");
        }
    }

    @Nested
    class Resource {
        @Test
        void withoutResourceTheAudienceIsTheDefaultOne() {
            assertThat(claims(Flows.clientCredentials(server, client, "api")).getAudience())
                    .containsExactly(server.issuer());
        }

        @Test
        void aConfiguredAudienceBecomesTheAudience() {
            var reply = request(Map.of("grant_type", "client_credentials", "scope", "api", "resource", API));
            assertThat(claims(reply).getAudience()).containsExactly(API);
        }

        @Test
        void anotherResourceIsInvalidTarget() {
            var reply = request(
                    Map.of("grant_type", "client_credentials", "scope", "api", "resource", "https://evil.example.com"));
            assertError(reply, "invalid_target");
        }

        /** RFC 8707 §2 lets a client name several resources; Rescind issues one audience per token. */
        @Test
        void aRepeatedResourceIsInvalidRequest() {
            var reply = server.http.post(
                    "/token",
                    "application/x-www-form-urlencoded",
                    "grant_type=client_credentials&resource=https%3A%2F%2Fapi.example.com"
                            + "&resource=https%3A%2F%2Fbilling.example.com",
                    "Authorization",
                    client.basic());
            assertError(reply, "invalid_request");
        }

        @Test
        void aResourceWithAFragmentIsInvalidTarget() {
            var reply = request(Map.of("grant_type", "client_credentials", "scope", "api", "resource", API + "#x"));
            assertError(reply, "invalid_target");
        }

        @Test
        void aRelativeResourceIsInvalidTarget() {
            var reply = request(Map.of("grant_type", "client_credentials", "scope", "api", "resource", "/api"));
            assertError(reply, "invalid_target");
        }
    }

    @Nested
    class Response {
        @Test
        void carriesNoRefreshTokenAndNoIdToken() {
            var reply = Flows.clientCredentials(server, client, "api");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            var body = reply.json();
            assertThat(body.has("refresh_token")).isFalse();
            assertThat(body.has("id_token")).isFalse();
        }

        @Test
        void eachIssuanceIsItsOwnGrant() {
            var first = claims(Flows.clientCredentials(server, client, "api"));
            var second = claims(Flows.clientCredentials(server, client, "api"));
            assertThat(first.getClaim("grant_id")).isNotNull();
            assertThat(second.getClaim("grant_id")).isNotNull().isNotEqualTo(first.getClaim("grant_id"));
            assertThat(second.getJWTID()).isNotEqualTo(first.getJWTID());
        }

        @Test
        void theSubjectIsTheClientInAFormNoUserCanHave() {
            assertThat(claims(Flows.clientCredentials(server, client, "api")).getSubject())
                    .isEqualTo("client:backend");
        }
    }
}
