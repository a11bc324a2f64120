package io.rescind.server.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.client.ClientId;
import io.rescind.core.feature.Feature;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.user.User;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Token introspection (RFC 7662; DESIGN §4: confidential clients only, {@code active:false} and nothing else). */
class IntrospectionTest {
    private static final String PASSWORD = "pw-introspect";
    static TestServer server;
    /** The client the tokens are issued to. */
    static TestServer.RegisteredClient app;
    /** Another confidential client: a resource server. */
    static TestServer.RegisteredClient resourceServer;

    static User user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        app = server.confidentialClient("introspect-app");
        resourceServer = server.confidentialClient("introspect-rs");
        user = server.user("introspect-user", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode login() {
        return Flows.codeFlow(server, app, "introspect-user", PASSWORD, "openid profile");
    }

    private static String clientCredentialsToken() {
        var reply = Flows.clientCredentials(server, app, "api");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    private static JsonNode introspect(TestServer.RegisteredClient caller, String token) {
        var reply = Flows.introspect(server, caller, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        return reply.json();
    }

    /** RFC 7662 §2.2: an inactive token is {@code {"active":false}}, with no other member. */
    private static void assertExactlyInactive(TestServer.RegisteredClient caller, String token) {
        var reply = Flows.introspect(server, caller, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body().strip()).isEqualTo("{\"active\":false}");
    }

    private static void assertExactlyInactive(String token) {
        assertExactlyInactive(resourceServer, token);
    }

    private static SignedJWT parse(String jwt) {
        try {
            return SignedJWT.parse(jwt);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Caller {
        @Test
        void aPublicClientIsInvalidClient() {
            String id = "introspect-spa";
            server.register(Fixtures.publicClient(id), Optional.empty());
            var reply = server.http.postForm("/introspect", Map.of("client_id", id, "token", clientCredentialsToken()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_client");
        }

        @Test
        void anUnauthenticatedRequestIsInvalidClient() {
            var reply = server.http.postForm("/introspect", Map.of("token", clientCredentialsToken()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_client");
        }

        @Test
        void aWrongSecretIsInvalidClient() {
            var reply = server.http.postForm(
                    "/introspect",
                    Map.of("token", clientCredentialsToken()),
                    "Authorization",
                    Http.basic(resourceServer.id().value(), "wrong"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_client");
            assertThat(reply.header("WWW-Authenticate")).isPresent();
        }

        @Test
        void anyConfidentialClientMayIntrospectAnAccessToken() {
            assertThat(introspect(resourceServer, clientCredentialsToken())
                            .path("active")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Nested
    class Request {
        @Test
        void aMissingTokenIsInvalidRequest() {
            var reply = server.http.postForm("/introspect", Map.of(), "Authorization", resourceServer.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_request");
        }

        @Test
        void aMisleadingTokenTypeHintDoesNotChangeTheAnswer() {
            var reply = server.http.postForm(
                    "/introspect",
                    Map.of("token", clientCredentialsToken(), "token_type_hint", "refresh_token"),
                    "Authorization",
                    resourceServer.basic());
            assertThat(reply.json().path("active").asBoolean()).isTrue();
        }

        @Test
        void aGetIsMethodNotAllowed() {
            var reply = server.http.get("/introspect", "Authorization", resourceServer.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(405);
        }
    }

    @Nested
    class ActiveAccessToken {
        @Test
        void answersTheTokensMembers() throws ParseException {
            String token = login().path("access_token").asText();
            JWTClaimsSet claims = parse(token).getJWTClaimsSet();

            var body = introspect(resourceServer, token);

            assertThat(body.path("active").asBoolean()).isTrue();
            assertThat(body.path("scope").asText()).isEqualTo("openid profile");
            assertThat(body.path("client_id").asText()).isEqualTo(app.id().value());
            assertThat(body.path("sub").asText()).isEqualTo(user.sub().value());
            assertThat(body.path("username").asText()).isEqualTo("introspect-user");
            assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.path("iss").asText()).isEqualTo(server.issuer());
            assertThat(body.path("aud").asText()).isEqualTo(server.issuer());
            assertThat(body.path("exp").asLong())
                    .isEqualTo(claims.getExpirationTime().getTime() / 1000);
            assertThat(body.path("iat").asLong())
                    .isEqualTo(claims.getIssueTime().getTime() / 1000);
            assertThat(body.path("jti").asText()).isEqualTo(claims.getJWTID());
        }

        @Test
        void aClientCredentialsTokenHasTheClientAsSubjectAndNoUsername() {
            var body = introspect(resourceServer, clientCredentialsToken());
            assertThat(body.path("sub").asText()).isEqualTo("client:" + app.id().value());
            assertThat(body.has("username")).isFalse();
        }
    }

    @Nested
    class InactiveTokens {
        @Test
        void garbage() {
            assertExactlyInactive("garbage");
        }

        /** A claim changed under the original header and signature: the payload parses, only the signature fails. */
        @Test
        void aJwtWithAChangedClaimUnderItsOriginalSignature() throws ParseException {
            String token = clientCredentialsToken();
            String[] parts = token.split("\\.");
            var changed = new JWTClaimsSet.Builder(parse(token).getJWTClaimsSet())
                    .subject("client:someone-else")
                    .build();
            String forged = parts[0] + "." + changed.toPayload().toBase64URL() + "." + parts[2];
            assertThat(parse(forged).getJWTClaimsSet().getSubject()).isEqualTo("client:someone-else");

            assertExactlyInactive(forged);
            assertThat(introspect(resourceServer, token).path("active").asBoolean())
                    .as("the genuine token")
                    .isTrue();
        }

        @Test
        void aJwtWhosePayloadIsNotJson() {
            String[] parts = clientCredentialsToken().split("\\.");
            assertExactlyInactive(parts[0] + "." + Base64URL.encode("{not json") + "." + parts[2]);
        }

        @Test
        void aJwtWithoutItsSignature() {
            String[] parts = clientCredentialsToken().split("\\.");
            assertExactlyInactive(parts[0] + "." + parts[1] + ".");
        }

        @Test
        void theSameClaimsSignedWithAnotherKeyUnderTheServersKid() throws JOSEException, ParseException {
            SignedJWT genuine = parse(clientCredentialsToken());
            ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
            var forged = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(genuine.getHeader().getKeyID())
                            .build(),
                    genuine.getJWTClaimsSet());
            forged.sign(new ECDSASigner(attacker));
            assertExactlyInactive(forged.serialize());
        }

        @Test
        void theSameClaimsUnsigned() {
            assertExactlyInactive(OwnTokens.unsigned(clientCredentialsToken()));
        }

        @Test
        void anExpiredAccessToken() {
            String token = clientCredentialsToken();
            assertThat(introspect(resourceServer, token).path("active").asBoolean())
                    .isTrue();
            server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertExactlyInactive(token);
        }

        @Test
        void anIdToken() {
            assertExactlyInactive(login().path("id_token").asText());
        }

        /** Only the typ differs: the access token's claims, signed again by the server's key as an ID token. */
        @Test
        void anAccessTokenTypedAsAnIdToken() {
            String token = login().path("access_token").asText();
            assertThat(introspect(resourceServer, OwnTokens.resigned(server, token, TokenTypes.ACCESS_TOKEN, b -> b))
                            .path("active")
                            .asBoolean())
                    .isTrue();
            assertExactlyInactive(OwnTokens.resigned(server, token, TokenTypes.ID_TOKEN, b -> b));
        }

        @Test
        void anAccessTokenOfARevokedGrant() {
            var tokens = login();
            String first = tokens.path("refresh_token").asText();
            assertThat(Flows.refresh(server, app, first).status()).isEqualTo(200);
            assertThat(Flows.refresh(server, app, first).error()).isEqualTo("invalid_grant");

            assertExactlyInactive(tokens.path("access_token").asText());
        }

        @Test
        void anAuthorizationCodeLookalike() {
            assertExactlyInactive("rsc_ac_" + "A".repeat(64));
        }
    }

    @Nested
    class RefreshTokens {
        @Test
        void isActiveForTheClientItWasIssuedTo() {
            var body = introspect(app, login().path("refresh_token").asText());
            assertThat(body.path("active").asBoolean()).isTrue();
            assertThat(body.path("token_type").asText()).isEqualTo("refresh_token");
            assertThat(body.path("client_id").asText()).isEqualTo(app.id().value());
            assertThat(body.path("sub").asText()).isEqualTo(user.sub().value());
            assertThat(body.path("scope").asText()).isEqualTo("openid profile");
            assertThat(body.path("exp").asLong()).isGreaterThan(body.path("iat").asLong());
        }

        @Test
        void isExactlyInactiveForAnotherClient() {
            assertExactlyInactive(resourceServer, login().path("refresh_token").asText());
        }

        @Test
        void isExactlyInactiveOnceRotated() {
            String first = login().path("refresh_token").asText();
            assertThat(Flows.refresh(server, app, first).status()).isEqualTo(200);
            assertExactlyInactive(app, first);
        }

        @Test
        void isExactlyInactiveOnceItsGrantIsRevoked() {
            String first = login().path("refresh_token").asText();
            String second = Flows.refresh(server, app, first)
                    .json()
                    .path("refresh_token")
                    .asText();
            Flows.refresh(server, app, first);
            assertExactlyInactive(app, second);
        }

        @Test
        void aLookalikeIsExactlyInactive() {
            assertExactlyInactive(app, "rsc_rt_" + "A".repeat(64));
        }
    }

    /** DESIGN §1.4: a disabled endpoint stays routed and answers 403 after authenticating the caller. */
    @Nested
    class WhenDisabled {
        static TestServer disabled;
        static TestServer.RegisteredClient caller;

        @BeforeAll
        static void disable() {
            disabled = TestServer.start();
            caller = disabled.confidentialClient("introspect-when-disabled");
            disabled.store.features().set(Feature.INTROSPECTION, Feature.State.DISABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Flows.introspect(disabled, caller, "anything").status() == 403);
        }

        @AfterAll
        static void stopDisabled() {
            disabled.close();
        }

        @Test
        void anAuthenticatedClientGets403AccessDenied() {
            var reply = Flows.introspect(disabled, caller, "anything");
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.error()).isEqualTo("access_denied");
        }

        @Test
        void aClientWithAWrongSecretStillGets401First() {
            var impostor =
                    new TestServer.RegisteredClient(new ClientId(caller.id().value()), "wrong");
            var reply = Flows.introspect(disabled, impostor, "anything");
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_client");
        }

        @Test
        void anUnknownClientStillGets401First() {
            var stranger = new TestServer.RegisteredClient(new ClientId("stranger"), "whatever");
            var reply = Flows.introspect(disabled, stranger, "anything");
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("invalid_client");
        }
    }
}
