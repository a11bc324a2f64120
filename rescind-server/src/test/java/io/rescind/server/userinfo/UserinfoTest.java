package io.rescind.server.userinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The UserInfo endpoint (OpenID Connect Core §5.3) and its Bearer token handling (RFC 6750 §2.1, §3). */
class UserinfoTest {
    private static final String PASSWORD = "pw-userinfo";
    static TestServer server;
    static TestServer.RegisteredClient client;
    static User alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("audiences", "https://api.example.com"));
        client = server.confidentialClient("userinfo-app");
        alice = server.user("alice", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode login(String scope) {
        return Flows.codeFlow(server, client, "alice", PASSWORD, scope);
    }

    private static String accessToken(String scope) {
        return login(scope).path("access_token").asText();
    }

    private static Http.Reply userinfo(String accessToken) {
        return server.http.get("/userinfo", "Authorization", "Bearer " + accessToken);
    }

    private static JsonNode claims(String accessToken) {
        var reply = userinfo(accessToken);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** RFC 6750 §3.1: a request without a Bearer token gets a challenge with no error code. */
    private static void assertNoToken(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate"))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer ").doesNotContain("error="));
    }

    private static void assertInvalidToken(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate"))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
        assertThat(reply.error()).isEqualTo("invalid_token");
    }

    /** RFC 9068 §4: UserInfo is this server's resource; a token for another resource is not accepted here. */
    @Nested
    class Audience {
        @Test
        void aTokenForAnotherResourceIsAnInvalidToken() {
            var browser = new Browser(server.http);
            var request = Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, "openid")
                    .with("resource", "https://api.example.com");
            var back = browser.authorizeAndLogin(request.params(), "alice", PASSWORD);
            String code = Browser.query(back.location()).get("code");
            assertThat(code).as("code in " + back.location()).isNotNull();
            var exchanged = Flows.exchange(server, client, code, request.verifier());
            assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
            String accessToken = exchanged.json().path("access_token").asText();
            assertThat(accessToken).isNotBlank();

            assertInvalidToken(userinfo(accessToken));
        }

        @Test
        void aTokenForThisServerIsAccepted() {
            assertThat(userinfo(accessToken("openid")).status()).isEqualTo(200);
        }
    }

    @Nested
    class ClaimsPerScope {
        @Test
        void openidAloneAnswersTheSubOnly() {
            var body = claims(accessToken("openid"));
            assertThat(body.path("sub").asText()).isEqualTo(alice.sub().value());
            assertThat(body.size()).isEqualTo(1);
        }

        @Test
        void profileAddsNameAndPreferredUsername() {
            var body = claims(accessToken("openid profile"));
            assertThat(body.path("name").asText()).isEqualTo("User alice");
            assertThat(body.path("preferred_username").asText()).isEqualTo("alice");
            assertThat(body.has("email")).isFalse();
        }

        @Test
        void emailAddsTheEmail() {
            var body = claims(accessToken("openid email"));
            assertThat(body.path("email").asText()).isEqualTo("alice@example.com");
            assertThat(body.has("name")).isFalse();
        }

        @Test
        void aPostWithTheBearerHeaderIsAnsweredToo() {
            var reply = server.http.post("/userinfo", null, "", "Authorization", "Bearer " + accessToken("openid"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("sub").asText()).isEqualTo(alice.sub().value());
        }

        @Test
        void theAnswerIsNotCached() {
            var reply = userinfo(accessToken("openid"));
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }
    }

    @Nested
    class NoToken {
        @Test
        void withoutAuthorizationItIs401WithABearerChallenge() {
            assertNoToken(server.http.get("/userinfo"));
        }

        @Test
        void anAccessTokenInTheQueryIsNotAccepted() {
            String token = URLEncoder.encode(accessToken("openid"), StandardCharsets.UTF_8);
            assertNoToken(server.http.get("/userinfo?access_token=" + token));
        }

        @Test
        void anAccessTokenInAFormBodyIsNotAccepted() {
            assertNoToken(server.http.postForm("/userinfo", Map.of("access_token", accessToken("openid"))));
        }

        @Test
        void anotherSchemeIsNotAccepted() {
            assertNoToken(server.http.get("/userinfo", "Authorization", client.basic()));
        }
    }

    @Nested
    class InvalidToken {
        @Test
        void anExpiredAccessToken() {
            String token = accessToken("openid");
            assertThat(userinfo(token).status()).isEqualTo(200);
            server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertInvalidToken(userinfo(token));
        }

        @Test
        void aMalformedToken() {
            assertInvalidToken(userinfo("not-a-jwt"));
        }

        /** Another user's sub under the original header and signature: the payload parses, only the signature fails. */
        @Test
        void aForgedToken() throws ParseException {
            User victim = server.user("forged-victim", PASSWORD);
            String token = accessToken("openid");
            String[] parts = token.split("\\.");
            var changed = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
                    .subject(victim.sub().value())
                    .build();
            String forged = parts[0] + "." + changed.toPayload().toBase64URL() + "." + parts[2];
            assertThat(SignedJWT.parse(forged).getJWTClaimsSet().getSubject())
                    .isEqualTo(victim.sub().value());

            assertInvalidToken(userinfo(forged));
            assertThat(userinfo(token).status()).as("the genuine token").isEqualTo(200);
        }

        @Test
        void aTokenWhosePayloadIsNotJson() {
            String[] parts = accessToken("openid").split("\\.");
            assertInvalidToken(userinfo(parts[0] + "." + Base64URL.encode("{not json") + "." + parts[2]));
        }

        @Test
        void anIdTokenUsedAsAnAccessToken() {
            assertInvalidToken(userinfo(login("openid").path("id_token").asText()));
        }

        /** Only the typ differs: the access token's claims, signed again by the server's key as an ID token. */
        @Test
        void anAccessTokenTypedAsAnIdToken() {
            String token = accessToken("openid");
            assertThat(userinfo(OwnTokens.resigned(server, token, TokenTypes.ACCESS_TOKEN, b -> b))
                            .status())
                    .isEqualTo(200);
            assertInvalidToken(userinfo(OwnTokens.resigned(server, token, TokenTypes.ID_TOKEN, b -> b)));
        }

        @Test
        void aRefreshTokenUsedAsAnAccessToken() {
            assertInvalidToken(userinfo(login("openid").path("refresh_token").asText()));
        }

        @Test
        void anAccessTokenOfARevokedGrant() {
            var tokens = login("openid");
            String first = tokens.path("refresh_token").asText();
            assertThat(Flows.refresh(server, client, first).status()).isEqualTo(200);
            assertThat(Flows.refresh(server, client, first).error()).isEqualTo("invalid_grant");

            assertInvalidToken(userinfo(tokens.path("access_token").asText()));
        }

        @Test
        void anAccessTokenOfADisabledUser() {
            User bob = server.user("bob-userinfo", PASSWORD);
            String token = Flows.codeFlow(server, client, "bob-userinfo", PASSWORD, "openid")
                    .path("access_token")
                    .asText();
            server.store.users().save(bob.withStatus(UserStatus.DISABLED));

            assertInvalidToken(userinfo(token));
        }
    }

    @Nested
    class InsufficientScope {
        @Test
        void aClientCredentialsTokenIs403InsufficientScope() {
            var cc = Flows.clientCredentials(server, client, "api");
            var reply = userinfo(cc.json().path("access_token").asText());
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.error()).isEqualTo("insufficient_scope");
            assertThat(reply.header("WWW-Authenticate"))
                    .hasValueSatisfying(challenge ->
                            assertThat(challenge).startsWith("Bearer ").contains("error=\"insufficient_scope\""));
        }

        @Test
        void aUserTokenWithoutOpenidIs403InsufficientScope() {
            var reply = userinfo(accessToken("profile"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.error()).isEqualTo("insufficient_scope");
        }
    }
}
