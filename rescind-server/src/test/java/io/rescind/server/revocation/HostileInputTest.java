package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile bodies at the four revocation endpoints, sent by an authenticated caller so they reach every parser: each
 * is answered with a 4xx JSON error, never a 500, never a stack trace.
 */
class HostileInputTest {
    /** Room for the 10,000-member object and the 10,000-level nesting, so the JSON parser, not the size cap, answers. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    static TestServer server;
    static TestServer.RegisteredClient app;
    static TestServer.RegisteredClient admin;

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
    void aRepeatedParameterIs400(Endpoint endpoint) {
        String body = endpoint.isJson()
                ? "{\"" + endpoint.parameter + "\":\"a\",\"" + endpoint.parameter + "\":\"b\"}"
                : endpoint.parameter + "=a&" + endpoint.parameter + "=b&user_criterion_key=uid";
        assertJsonError(endpoint.post(body), 400);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anEscapedNulCharacterIsAClientError(Endpoint endpoint) {
        String body = switch (endpoint) {
            case GLOBAL_TOKEN_REVOCATION -> "{\"sub_id\":{\"format\":\"uid\",\"id\":\"user\\u0000\"}}";
            case ACCESS_TOKEN_API -> "{\"token\":\"abc\\u0000def\"}";
            case SESSION_REVOCATION -> "user_criterion_key=uid&user_criterion_value=user%00";
            case RFC7009 -> "token=abc%00def";
        };
        assertJsonClientError(endpoint.post(body));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aRawNulByteIsAClientError(Endpoint endpoint) {
        String text = endpoint.isJson()
                ? "{\"" + endpoint.parameter + "\":\"ab\u0000c\"}"
                : endpoint.parameter + "=ab\u0000c";
        assertJsonClientError(endpoint.post(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRepeatedAuthorizationHeaderIs400() {
        assertJsonError(
                server.http.post(
                        Endpoint.RFC7009.path,
                        Endpoint.RFC7009.contentType,
                        "token=x",
                        "Authorization",
                        app.basic(),
                        "Authorization",
                        app.basic()),
                400);
    }

    @Test
    void aNulCharacterInAClientIdIsAClientError() {
        assertJsonClientError(
                server.http.post(
                        Endpoint.GLOBAL_TOKEN_REVOCATION.path,
                        "application/json",
                        "{\"client_id\":\"hostile\\u0000admin\",\"client_secret\":\"x\",\"sub_id\":{\"format\":\"uid\",\"id\":\"u\"}}"));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void invalidUtf8Is400(Endpoint endpoint) {
        byte[] prefix = (endpoint.isJson() ? "{\"" + endpoint.parameter + "\":\"" : endpoint.parameter + "=")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';
        assertJsonError(endpoint.post(body), 400);
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
        var body = new StringBuilder("token=x");
        for (int i = 0; i < 10_000; i++) {
            body.append("&p").append(i).append("=1");
        }
        assertJsonError(Endpoint.RFC7009.post(body.toString()), 400);
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
