package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Client authentication at /token with secrets and as a public client (RFC 6749 §2.3, §3.2.1), over real HTTP.
 * {@code private_key_jwt} is in {@link PrivateKeyJwtTest}.
 */
class ClientAuthenticationTest {
    private static final Map<String, String> CLIENT_CREDENTIALS = Map.of("grant_type", "client_credentials");
    static TestServer server;
    static TestServer.RegisteredClient basicClient;
    static TestServer.RegisteredClient postClient;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        basicClient = server.confidentialClient("basic-client");
        postClient =
                server.confidentialClient("post-client", b -> b.authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Reply withBasic(String authorization) {
        return server.http.postForm("/token", CLIENT_CREDENTIALS, "Authorization", authorization);
    }

    private static Http.Reply withPost(String clientId, String secret) {
        return server.http.postForm(
                "/token",
                Http.params("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    private static void assertInvalidClient(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.error()).isEqualTo("invalid_client");
        assertThat(reply.header("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic "));
    }

    @Nested
    class ClientSecretBasic {
        @Test
        void theRegisteredSecretAuthenticates() {
            var reply = withBasic(basicClient.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }

        @Test
        void anIdAndSecretThatNeedFormEncodingAreDecodedBeforeTheCheck() {
            String id = "svc:a%b+c";
            String secret = "p@ss:w%rd+&=é";
            server.register(Fixtures.webClient(id), Optional.of(secret));
            var reply = withBasic(Http.basic(id, secret));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("access_token").asText()).isNotEmpty();
        }

        @Test
        void anIdThatNeedsEncodingSentUnencodedDoesNotAuthenticate() {
            var client = server.confidentialClient("svc:unencoded");
            String raw = Base64.getEncoder()
                    .encodeToString((client.id().value() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
            assertInvalidClient(withBasic("Basic " + raw));
            assertThat(withBasic(client.basic()).status())
                    .as("form-encoded first")
                    .isEqualTo(200);
        }

        @Test
        void aWrongSecretIsInvalidClientWithABasicChallenge() {
            assertInvalidClient(withBasic(Http.basic(basicClient.id().value(), "wrong")));
        }

        @Test
        void anUnknownClientIsInvalidClient() {
            assertInvalidClient(withBasic(Http.basic("nobody", "whatever")));
        }

        @Test
        void credentialsThatAreNotBase64AreInvalidClient() {
            assertInvalidClient(withBasic("Basic !!not-base64!!"));
        }

        @Test
        void credentialsWithoutAColonAreInvalidClient() {
            assertInvalidClient(withBasic(
                    "Basic " + Base64.getEncoder().encodeToString("basic-client".getBytes(StandardCharsets.UTF_8))));
        }

        @Test
        void anotherAuthorizationSchemeIsInvalidClient() {
            assertInvalidClient(withBasic("Bearer some-token"));
        }

        @Test
        void aClientRegisteredForPostCannotUseBasic() {
            assertInvalidClient(withBasic(postClient.basic()));
        }
    }

    @Nested
    class ClientSecretPost {
        @Test
        void theRegisteredSecretInTheBodyAuthenticates() {
            var reply = withPost(postClient.id().value(), postClient.secret());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }

        @Test
        void aWrongSecretIsInvalidClient() {
            assertInvalidClient(withPost(postClient.id().value(), "wrong"));
        }

        @Test
        void aClientRegisteredForBasicCannotSendItsSecretInTheBody() {
            assertInvalidClient(withPost(basicClient.id().value(), basicClient.secret()));
        }

        @Test
        void aSecretWithoutClientIdIsInvalidClient() {
            var reply = server.http.postForm(
                    "/token", Map.of("grant_type", "client_credentials", "client_secret", postClient.secret()));
            assertInvalidClient(reply);
        }
    }

    @Nested
    class OneMethodPerRequest {
        @Test
        void basicAndASecretInTheBodyIsInvalidRequest() {
            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            basicClient.id().value(),
                            "client_secret",
                            basicClient.secret()),
                    "Authorization",
                    basicClient.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void basicAndASecretInTheBodyWithoutClientIdIsInvalidRequest() {
            var reply = server.http.postForm(
                    "/token",
                    Http.params("grant_type", "client_credentials", "client_secret", basicClient.secret()),
                    "Authorization",
                    basicClient.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void basicAndAnAssertionIsInvalidRequest() {
            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "client_credentials",
                            "client_assertion_type",
                            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                            "client_assertion",
                            "a.b.c"),
                    "Authorization",
                    basicClient.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aClientIdInTheBodyThatIsNotTheBasicOneIsInvalidRequest() {
            var reply = server.http.postForm(
                    "/token",
                    Http.params("grant_type", "client_credentials", "client_id", "someone-else"),
                    "Authorization",
                    basicClient.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aRepeatedAuthorizationHeaderIsInvalidRequest() {
            var reply = server.http.postForm(
                    "/token",
                    CLIENT_CREDENTIALS,
                    "Authorization",
                    basicClient.basic(),
                    "Authorization",
                    basicClient.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }
    }

    @Nested
    class ClientState {
        @Test
        void noCredentialsAtAllIsInvalidClient() {
            assertInvalidClient(server.http.postForm("/token", CLIENT_CREDENTIALS));
        }

        @Test
        void aConfidentialClientSendingOnlyItsIdIsInvalidClient() {
            assertInvalidClient(server.http.postForm(
                    "/token",
                    Map.of(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            basicClient.id().value())));
        }

        @Test
        void aDisabledClientIsInvalidClient() {
            var enabled = server.confidentialClient("disabled-client");
            assertThat(withBasic(enabled.basic()).status()).isEqualTo(200);

            var disabled = server.confidentialClient("disabled-client", b -> b.status(ClientStatus.DISABLED));

            assertInvalidClient(withBasic(disabled.basic()));
        }
    }

    @Nested
    class PublicClients {
        private static final String REDIRECT = "http://127.0.0.1:9999/callback";

        @Test
        void exchangesACodeWithPkceAndItsClientIdOnly() {
            String id = "spa-exchange";
            server.register(Fixtures.publicClient(id), Optional.empty());
            server.user("public-user", "pw");
            var browser = new Browser(server.http);
            var request = Browser.codeRequest(id, REDIRECT, "openid");
            var back = browser.authorizeAndLogin(request.params(), "public-user", "pw");
            String code = Browser.query(back.location()).get("code");

            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "authorization_code",
                            "code",
                            code,
                            "redirect_uri",
                            REDIRECT,
                            "client_id",
                            id,
                            "code_verifier",
                            request.verifier()));

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("access_token").asText()).isNotEmpty();
        }

        @Test
        void askingForClientCredentialsIsUnauthorizedClient() {
            String id = "spa-asks-machine";
            server.register(Fixtures.publicClient(id), Optional.empty());
            var reply = server.http.postForm("/token", Map.of("grant_type", "client_credentials", "client_id", id));
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("unauthorized_client");
        }

        @Test
        void aPublicClientThatSendsASecretIsInvalidClient() {
            String id = "spa-with-secret";
            server.register(Fixtures.publicClient(id), Optional.empty());
            assertInvalidClient(withPost(id, "made-up"));
        }
    }
}
