package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.protocol.Scope;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile bodies at the four revocation endpoints, sent by an authenticated caller so they reach every parser: each
 * is answered with a 4xx JSON error, never a 500, never a stack trace. Where the hostile part is one thing in a
 * request, the request is valid but for it (a user nobody is, which the user endpoints accept, or a genuine access
 * token), the same request without it is accepted first, and the answer must be the error that names it: a hostile
 * part the server ignored would fail the test, not pass it.
 */
class HostileInputTest {
    /** Room for the 10,000-member object and the 10,000-level nesting, so the JSON parser, not the size cap, answers. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    /** A uid no user has: the global token and session revocations accept it (204, 200) and revoke nothing. */
    static final String NOBODY = "nobody-of-hostile-input";

    static TestServer server;
    static TestServer.RegisteredClient app;
    static TestServer.RegisteredClient admin;
    /** An admin client that authenticates with {@code client_secret_post}, in the JSON body. */
    static TestServer.RegisteredClient postAdmin;

    /** An endpoint, how its body is encoded, and the credentials that let a request reach its parser. */
    enum Endpoint {
        GLOBAL_TOKEN_REVOCATION("/global-token-revocation", "application/json", "sub_id"),
        SESSION_REVOCATION("/revoke_session", "application/x-www-form-urlencoded", "user_criterion_value"),
        RFC7009("/oauth/revoke", "application/x-www-form-urlencoded", "token"),
        ACCESS_TOKEN_API("/v1/auth/token/revoke", "application/json", "token");

        final String path;
        final String contentType;
        final String parameter;

        Endpoint(String path, String contentType, String parameter) {
            this.path = path;
            this.contentType = contentType;
            this.parameter = parameter;
        }

        boolean isJson() {
            return contentType.equals("application/json");
        }

        String[] credentials() {
            return switch (this) {
                case GLOBAL_TOKEN_REVOCATION, SESSION_REVOCATION -> new String[] {"Authorization", admin.basic()};
                case RFC7009 -> new String[] {"Authorization", app.basic()};
                case ACCESS_TOKEN_API -> new String[] {};
            };
        }

        Http.Reply post(String body) {
            return server.http.post(path, contentType, body, credentials());
        }

        Http.Reply post(byte[] body) {
            return server.http.post(path, contentType, body, credentials());
        }

        /** What the body carries where it may be hostile: a user nobody is, or a genuine access token. */
        String validValue() {
            return switch (this) {
                case GLOBAL_TOKEN_REVOCATION, SESSION_REVOCATION -> NOBODY;
                case RFC7009, ACCESS_TOKEN_API -> Flows.clientCredentialsToken(server, app, "api");
            };
        }

        /** A valid body with {@code value} (as it stands in the body's text) where {@link #validValue} goes. */
        String body(String value) {
            return switch (this) {
                case GLOBAL_TOKEN_REVOCATION -> "{\"sub_id\":" + subId(value) + "}";
                case SESSION_REVOCATION -> "user_criterion_key=uid&user_criterion_value=" + value;
                case RFC7009 -> "token=" + value;
                case ACCESS_TOKEN_API -> "{\"token\":\"" + value + "\"}";
            };
        }

        /** {@link #body} with its parameter twice, with the same value. */
        String bodyWithTheParameterTwice(String value) {
            return switch (this) {
                case GLOBAL_TOKEN_REVOCATION -> "{\"sub_id\":" + subId(value) + ",\"sub_id\":" + subId(value) + "}";
                case SESSION_REVOCATION -> body(value) + "&user_criterion_value=" + value;
                case RFC7009 -> body(value) + "&token=" + value;
                case ACCESS_TOKEN_API -> "{\"token\":\"" + value + "\",\"token\":\"" + value + "\"}";
            };
        }

        /** The answer to a valid body: 204 for the global token revocation, 200 for the others. */
        int accepted() {
            return this == GLOBAL_TOKEN_REVOCATION ? 204 : 200;
        }

        /** Posts {@link #body} with {@code value} and asserts it is accepted: the control of a hostile variant. */
        void assertAccepts(String value) {
            Http.Reply reply = post(body(value));
            assertThat(reply.status()).as(reply.body()).isEqualTo(accepted());
        }

        /**
         * A 400 for a malformed request whose description names {@code cause}: OAuth's {@code invalid_request}, or
         * at the access-token API its own {@code {"error": "<message>"}}.
         */
        void assertMalformed(Http.Reply reply, String cause) {
            assertJsonError(reply, 400);
            if (this == ACCESS_TOKEN_API) {
                assertThat(reply.error()).as(reply.body()).contains(cause);
            } else {
                assertThat(reply.error()).as(reply.body()).isEqualTo("invalid_request");
                assertThat(reply.json().path("error_description").asText())
                        .as(reply.body())
                        .contains(cause);
            }
        }
    }

    static String subId(String uid) {
        return "{\"format\":\"uid\",\"id\":\"" + uid + "\"}";
    }

    /** {@code text} as UTF-8, with the bytes {@code replacement} where {@code marker} stands. */
    static byte[] bytes(String text, String marker, byte[] replacement) {
        int at = text.indexOf(marker);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[before.length + replacement.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(replacement, 0, all, before.length, replacement.length);
        System.arraycopy(after, 0, all, before.length + replacement.length, after.length);
        return all;
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "max_request_bytes",
                String.valueOf(MAX_REQUEST_BYTES),
                "revocation_rate_limit",
                "100000",
                "access_token_revocation_rate_limit",
                "100000"));
        app = server.confidentialClient("hostile-app");
        admin = GlobalTokenRevocationTest.registerAdmin(server, "hostile-admin");
        postAdmin = new TestServer.RegisteredClient(new ClientId("hostile-post-admin"), "secret-of-hostile-post-admin");
        server.register(
                Fixtures.webClient(postAdmin.id().value())
                        .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST)
                        .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                        .scope(Scope.of("global_token_revocation")),
                Optional.of(postAdmin.secret()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertJsonError(Http.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertJsonClientError(reply);
    }

    static void assertJsonClientError(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(reply.json().path("error").isTextual()).as(reply.body()).isTrue();
        assertThat(reply.body()).doesNotContain("Exception", "\tat ", "java.", "io.rescind", "helidon");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anOversizedBodyIs413(Endpoint endpoint) {
        String filler = "A".repeat(MAX_REQUEST_BYTES + 1);
        String body = endpoint.isJson()
                ? "{\"" + endpoint.parameter + "\":\"" + filler + "\"}"
                : endpoint.parameter + "=" + filler;
        assertJsonError(endpoint.post(body), 413);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRepeatedParameterIs400EvenWithTheSameValue(Endpoint endpoint) {
        String value = endpoint.validValue();
        endpoint.assertAccepts(value);

        Http.Reply reply = endpoint.post(endpoint.bodyWithTheParameterTwice(value));

        endpoint.assertMalformed(reply, endpoint.isJson() ? "not valid JSON" : "must not be repeated");
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, mode = EnumSource.Mode.EXCLUDE, names = "ACCESS_TOKEN_API")
    void anEscapedNulCharacterIs400(Endpoint endpoint) {
        String value = endpoint.validValue();
        endpoint.assertAccepts(value);

        Http.Reply reply = endpoint.post(endpoint.body(value + (endpoint.isJson() ? "\\u0000" : "%00")));

        endpoint.assertMalformed(reply, endpoint == Endpoint.GLOBAL_TOKEN_REVOCATION ? "user identifier" : "NUL");
    }

    /** No token this server issues has a NUL: a genuine one with a NUL in its signed part is no token of it. */
    @Test
    void anAccessTokenWithAnEscapedNulInItsSignedPartIsAnInvalidToken() {
        var endpoint = Endpoint.ACCESS_TOKEN_API;
        String token = endpoint.validValue();
        endpoint.assertAccepts(token);
        int inThePayload = token.indexOf('.') + 2;

        Http.Reply reply = endpoint.post(
                endpoint.body(token.substring(0, inThePayload) + "\\u0000" + token.substring(inThePayload)));

        assertJsonError(reply, 401);
        assertThat(reply.error()).isEqualTo("invalid token");
    }

    /**
     * The same with the NUL after the token, in the text of its signature: no token this server issued either. The JOSE
     * library's base64url decoder skips characters outside its alphabet, so the server checks the token's shape first
     * ({@code CompactJws}); without that, this answered 200 {@code {"revoked":true}}.
     */
    @Test
    void anAccessTokenWithAnEscapedNulAfterItIsAnInvalidToken() {
        var endpoint = Endpoint.ACCESS_TOKEN_API;
        String token = endpoint.validValue();
        endpoint.assertAccepts(token);

        Http.Reply reply = endpoint.post(endpoint.body(token + "\\u0000"));

        assertJsonError(reply, 401);
        assertThat(reply.error()).isEqualTo("invalid token");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRawNulByteIs400(Endpoint endpoint) {
        String value = endpoint.validValue();
        endpoint.assertAccepts(value);

        Http.Reply reply = endpoint.post(endpoint.body(value + "\u0000").getBytes(StandardCharsets.UTF_8));

        endpoint.assertMalformed(reply, endpoint.isJson() ? "not valid JSON" : "NUL");
    }

    @Test
    void aRepeatedAuthorizationHeaderIs400() {
        String body = Endpoint.RFC7009.body(Endpoint.RFC7009.validValue());
        Http.Reply once = server.http.post(
                Endpoint.RFC7009.path, Endpoint.RFC7009.contentType, body, "Authorization", app.basic());
        assertThat(once.status()).as(once.body()).isEqualTo(200);

        Http.Reply twice = server.http.post(
                Endpoint.RFC7009.path,
                Endpoint.RFC7009.contentType,
                body,
                "Authorization",
                app.basic(),
                "Authorization",
                app.basic());

        Endpoint.RFC7009.assertMalformed(twice, "must not be repeated");
    }

    @Test
    void aNulCharacterInAClientIdIsInvalidClient() {
        String withClientId = "{\"client_id\":\"%s\",\"client_secret\":\"" + postAdmin.secret() + "\",\"sub_id\":"
                + subId(NOBODY) + "}";
        Http.Reply clean = server.http.post(
                Endpoint.GLOBAL_TOKEN_REVOCATION.path,
                "application/json",
                withClientId.formatted(postAdmin.id().value()));
        assertThat(clean.status()).as(clean.body()).isEqualTo(204);

        Http.Reply reply = server.http.post(
                Endpoint.GLOBAL_TOKEN_REVOCATION.path,
                "application/json",
                withClientId.formatted("hostile-post\\u0000-admin"));

        assertJsonError(reply, 401);
        assertThat(reply.error()).isEqualTo("invalid_client");
        assertThat(reply.json().path("error_description").asText()).contains("client_id");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void invalidUtf8Is400(Endpoint endpoint) {
        String value = endpoint.validValue();
        endpoint.assertAccepts(value);

        Http.Reply reply = endpoint.post(bytes(endpoint.body(value + "<>"), "<>", new byte[] {(byte) 0xC3, 0x28}));

        endpoint.assertMalformed(reply, "not valid UTF-8");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aJsonObjectOf10000MembersIsAClientError(Endpoint endpoint) {
        var body = new StringBuilder("{");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
        }
        body.append('}');
        assertThat(body.length()).isLessThan(MAX_REQUEST_BYTES);
        assertJsonClientError(endpoint.post(body.toString()));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void jsonNested10000LevelsDeepIsAClientError(Endpoint endpoint) {
        String body = "{\"" + endpoint.parameter + "\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertJsonClientError(endpoint.post(body));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aNumberOf100000DigitsIsAClientError(Endpoint endpoint) {
        String body = endpoint.isJson()
                ? "{\"" + endpoint.parameter + "\":" + "9".repeat(100_000) + "}"
                : endpoint.parameter + "=" + "9".repeat(100_000);
        assertJsonClientError(endpoint.post(body));
    }

    @Test
    void aFormOf10000ParametersIs400() {
        String token = Endpoint.RFC7009.validValue();
        Endpoint.RFC7009.assertAccepts(token);
        var body = new StringBuilder(Endpoint.RFC7009.body(token));
        for (int i = 0; i < 10_000; i++) {
            body.append("&p").append(i).append("=1");
        }

        Endpoint.RFC7009.assertMalformed(Endpoint.RFC7009.post(body.toString()), "too many parameters");
    }

    @Test
    void aliasesNested500LevelsAre400() {
        String open = "{\"format\":\"aliases\",\"identifiers\":[";
        String body = "{\"sub_id\":" + open.repeat(500) + "]}".repeat(500) + "}";
        assertJsonError(Endpoint.GLOBAL_TOKEN_REVOCATION.post(body), 400);
    }

    @Test
    void twoThousandAliasesAre400() {
        var body = new StringBuilder("{\"sub_id\":{\"format\":\"aliases\",\"identifiers\":[");
        for (int i = 0; i < 2_000; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"format\":\"uid\",\"id\":\"u")
                    .append(i)
                    .append("\"}");
        }
        body.append("]}}");
        assertJsonError(Endpoint.GLOBAL_TOKEN_REVOCATION.post(body.toString()), 400);
    }

    @Test
    void aVeryLongUserIdentifierIs400() {
        String body = "{\"sub_id\":{\"format\":\"email\",\"email\":\"" + "a".repeat(100_000) + "@example.com\"}}";
        assertJsonError(Endpoint.GLOBAL_TOKEN_REVOCATION.post(body), 400);
    }
}
