package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The token endpoint in general (RFC 6749 §3.2, §5.1, §5.2), over real HTTP: what every grant has in common. */
class TokenEndpointTest {
    private static final int MAX_REQUEST_BYTES = 4096;
    static TestServer server;
    static TestServer.RegisteredClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("max_request_bytes", Integer.toString(MAX_REQUEST_BYTES)));
        client = server.confidentialClient("token-general");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Reply post(String contentType, String body) {
        return server.http.post("/token", contentType, body, "Authorization", client.basic());
    }

    private static Http.Reply postBytes(byte[] body) {
        return send(HttpRequest.newBuilder(server.base.resolve("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", client.basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static Http.Reply send(HttpRequest.Builder request) {
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError("the server should answer, not drop the connection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A body published without a length, which HTTP/1.1 sends chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        var fixed = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                fixed.subscribe(subscriber);
            }
        };
    }

    @Nested
    class RequestFormat {
        @Test
        void aContentTypeOtherThanFormIsInvalidRequest() {
            var reply = post("text/plain", "grant_type=client_credentials");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aMissingContentTypeIsInvalidRequest() {
            var reply = post(null, "grant_type=client_credentials");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aJsonBodyIsInvalidRequest() {
            var reply = post("application/json", "{\"grant_type\":\"client_credentials\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aFormDeclaredInAnotherCharsetIsInvalidRequest() {
            var reply = post("application/x-www-form-urlencoded; charset=ISO-8859-1", "grant_type=client_credentials");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aFormDeclaredInUtf8IsAccepted() {
            var reply = post("application/x-www-form-urlencoded; charset=UTF-8", "grant_type=client_credentials");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }

        @Test
        void aRepeatedParameterIsInvalidRequestEvenWithEqualValues() {
            var reply = post(
                    "application/x-www-form-urlencoded", "grant_type=client_credentials&grant_type=client_credentials");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aRepeatedParameterWithDifferentValuesIsInvalidRequest() {
            var reply =
                    post("application/x-www-form-urlencoded", "grant_type=client_credentials&scope=api&scope=openid");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void malformedPercentEncodingIsInvalidRequest() {
            var reply = post("application/x-www-form-urlencoded", "grant_type=client_credentials&scope=%G1");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aTruncatedPercentEscapeIsInvalidRequest() {
            var reply = post("application/x-www-form-urlencoded", "grant_type=client_credentials&scope=api%2");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aBodyThatIsNotUtf8IsInvalidRequest() {
            byte[] body = "grant_type=client_credentials&scope=api\u00ff".getBytes(StandardCharsets.ISO_8859_1);
            var reply = postBytes(body);
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void percentEncodedBytesThatAreNotUtf8AreInvalidRequest() {
            // %C3%28 is an invalid two-byte sequence, in a parameter the token endpoint otherwise ignores.
            var reply = post("application/x-www-form-urlencoded", "grant_type=client_credentials&state=%C3%28");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aGetIsMethodNotAllowedInJson() {
            var reply = server.http.get("/token", "Authorization", client.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(405);
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(reply.error()).isEqualTo("invalid_request");
        }
    }

    @Nested
    class RequestSize {
        private static final byte[] OVERSIZED = ("grant_type=client_credentials&scope=api&padding="
                        + "x".repeat(MAX_REQUEST_BYTES * 4))
                .getBytes(StandardCharsets.US_ASCII);

        @Test
        void aBodyOverTheLimitWithContentLengthIs413InJson() {
            var reply = postBytes(OVERSIZED);
            assertThat(reply.status()).as(reply.body()).isEqualTo(413);
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aChunkedBodyOverTheLimitIs413InJson() {
            var reply = send(HttpRequest.newBuilder(server.base.resolve("/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", client.basic())
                    .POST(chunked(OVERSIZED)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(413);
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aChunkedBodyUnderTheLimitIsServed() {
            var reply = send(HttpRequest.newBuilder(server.base.resolve("/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", client.basic())
                    .POST(chunked("grant_type=client_credentials&scope=api".getBytes(StandardCharsets.US_ASCII))));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    @Nested
    class GrantTypeParameter {
        @Test
        void aMissingGrantTypeIsInvalidRequest() {
            var reply = server.http.postForm("/token", Map.of("scope", "api"), "Authorization", client.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void anEmptyGrantTypeIsTreatedAsMissing() {
            var reply = post("application/x-www-form-urlencoded", "grant_type=&scope=api");
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void anUnknownGrantTypeIsUnsupportedGrantType() {
            var reply = server.http.postForm(
                    "/token", Map.of("grant_type", "password", "username", "u"), "Authorization", client.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unsupported_grant_type");
        }

        @Test
        void aGrantTypeIsMatchedExactly() {
            var reply = server.http.postForm(
                    "/token", Map.of("grant_type", "Client_Credentials"), "Authorization", client.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unsupported_grant_type");
        }

        @Test
        void aGrantTheClientIsNotRegisteredForIsUnauthorizedClient() {
            String secret = "secret-of-machine-only";
            server.register(
                    Fixtures.webClient("machine-only")
                            .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                            .redirectUris(List.of()),
                    Optional.of(secret));
            var machine = new TestServer.RegisteredClient(new ClientId("machine-only"), secret);
            String refreshToken = Flows.codeFlow(
                            server,
                            client,
                            server.user("grant-type-user", "pw").uid().value(),
                            "pw",
                            "openid")
                    .path("refresh_token")
                    .asText();

            var reply = Flows.refresh(server, machine, refreshToken);

            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unauthorized_client");
        }

        @Test
        void aCodeExchangeByAClientWithoutThatGrantIsUnauthorizedClient() {
            String secret = "secret-of-machine-code";
            server.register(
                    Fixtures.webClient("machine-code")
                            .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                            .redirectUris(List.of()),
                    Optional.of(secret));
            var reply = server.http.postForm(
                    "/token",
                    Map.of("grant_type", "authorization_code", "code", "rsc_ac_whatever"),
                    "Authorization",
                    Http.basic("machine-code", secret));
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unauthorized_client");
        }
    }

    @Nested
    class SuccessfulResponse {
        @Test
        void isJsonWithNoStoreAndNoCache() {
            var reply = Flows.clientCredentials(server, client, "api");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(reply.header("Cache-Control")).contains("no-store");
            assertThat(reply.header("Pragma")).contains("no-cache");
        }

        @Test
        void carriesTokenTypeExpiresInAndScope() {
            var body = Flows.clientCredentials(server, client, "api").json();
            assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.path("expires_in").asLong()).isEqualTo(300);
            assertThat(body.path("scope").asText()).isEqualTo("api");
            assertThat(body.path("access_token").asText()).isNotEmpty();
        }

        @Test
        void anErrorIsAlsoNotCached() {
            var reply = server.http.postForm("/token", Map.of("scope", "api"), "Authorization", client.basic());
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }
    }
}
