package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.feature.Feature;
import io.rescind.server.testing.Database;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/auth/token/revoke}: DESIGN §1 row 4 and the "one access token" row of the cascade (§1.3). Holding
 * an access token is the right to kill it, and only it: this is not a logout.
 */
class AccessTokenRevocationApiTest {
    static final String PATH = "/v1/auth/token/revoke";

    static TestServer server;
    static TestServer.RegisteredClient app;

    @BeforeAll
    static void start() {
        // Every request of the class comes from 127.0.0.1 while the test clock stands still: the per-address limit
        // is tested on a server of its own.
        server = TestServer.start(Map.of("access_token_revocation_rate_limit", "100000"));
        app = server.confidentialClient("atr-app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Reply revoke(TestServer at, String token) {
        return at.http.post(PATH, "application/json", GlobalTokenRevocationTest.json(Map.of("token", token)));
    }

    static Http.Reply revoke(String token) {
        return revoke(server, token);
    }

    static Http.Reply post(String contentType, String body) {
        return server.http.post(PATH, contentType, body);
    }

    static void assertRevoked(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.body().strip()).isEqualTo("{\"revoked\":true}");
    }

    /** This API's own error format: {@code {"error": "<message>"}} and nothing else. */
    static void assertMessage(Http.Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().properties()).hasSize(1);
        assertThat(reply.error()).isEqualTo(message);
    }

    static void assert400(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().properties()).hasSize(1);
        assertThat(reply.json().path("error").isTextual()).isTrue();
    }

    static void assertInvalidToken(String token) {
        assertMessage(revoke(token), 401, "invalid token");
    }

    @Nested
    class Success {
        @Test
        void answers200RevokedTrue() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            assertRevoked(revoke(tokens.accessToken()));
            assertThat(user.isActive(tokens.accessToken())).isFalse();
            assertThat(user.userinfo(tokens.accessToken()).status()).isEqualTo(401);
        }

        @Test
        void alreadyRevokedIsStill200RevokedTrue() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            assertRevoked(revoke(token));
            assertRevoked(revoke(token));
        }

        /** Not a logout: the refresh token, the grant's other access tokens and the session live on. */
        @Test
        void onlyThatTokenDies() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            var refreshed = user.refresh(tokens.refreshToken()).json();
            String sibling = refreshed.path("access_token").asText();

            assertRevoked(revoke(tokens.accessToken()));

            assertThat(user.isActive(tokens.accessToken())).isFalse();
            assertThat(user.isActive(sibling)).isTrue();
            var next = user.refresh(refreshed.path("refresh_token").asText());
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            String fresh = next.json().path("access_token").asText();
            assertThat(user.isActive(fresh)).isTrue();
            assertThat(user.userinfo(fresh).status()).isEqualTo(200);
            assertThat(user.asksForLogin()).isFalse();
        }

        @Test
        void aClientCredentialsToken() {
            String token = Flows.clientCredentialsToken(server, app, "api");
            assertRevoked(revoke(token));
            assertThat(LoggedIn.isActive(server, app, token)).isFalse();
        }

        @Test
        void aCharsetParameterOfUtf8IsAccepted() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            assertRevoked(
                    post("application/json; charset=utf-8", GlobalTokenRevocationTest.json(Map.of("token", token))));
        }

        @Test
        void theRevocationIsLoggedWithTheCallersAddress() throws ParseException {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();

            assertRevoked(revoke(token));

            var rows = Database.rows(
                    server,
                    "SELECT initiator, interface, caller_ip, until FROM revocation_log"
                            + " WHERE kind = 'access_token' AND target = ?",
                    jti);
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row)
                        .containsEntry("initiator", "token-holder")
                        .containsEntry("interface", "access-token-revoke")
                        .containsEntry("caller_ip", "127.0.0.1");
                assertThat(row.get("until")).isNotNull();
            });
        }
    }

    /** The content type is the CSRF guard (a cross-site form cannot send application/json): strictly. */
    @Nested
    class ContentType {
        @Test
        void aFormIs400AndTheTokenLives() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            assert400(server.http.postForm(PATH, Map.of("token", token)));
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void textPlainIs400AndTheTokenLives() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            assert400(post("text/plain", GlobalTokenRevocationTest.json(Map.of("token", token))));
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void noContentTypeIs400AndTheTokenLives() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            assert400(post(null, GlobalTokenRevocationTest.json(Map.of("token", token))));
            assertThat(user.isActive(token)).isTrue();
        }

        /** No CORS here, so a cross-site page cannot get a preflight for application/json past the browser. */
        @Test
        void aPreflightFromAnyOriginIsRefused() {
            var reply = server.http.send(
                    "OPTIONS",
                    PATH,
                    "Origin",
                    "https://app.example.com",
                    "Access-Control-Request-Method",
                    "POST",
                    "Access-Control-Request-Headers",
                    "content-type");
            assertThat(reply.header("Access-Control-Allow-Origin")).isEmpty();
            assertThat(reply.status()).isEqualTo(405);
        }

        @Test
        void anotherCharsetIs400() {
            assert400(post("application/json; charset=iso-8859-1", "{\"token\":\"x\"}"));
        }
    }

    @Nested
    class MalformedRequests {
        @Test
        void aMissingTokenIs400() {
            assertMessage(post("application/json", "{}"), 400, "missing token");
        }

        @Test
        void aNumberTokenIs400() {
            assertMessage(post("application/json", "{\"token\": 42}"), 400, "missing token");
        }

        @Test
        void anObjectTokenIs400() {
            assertMessage(post("application/json", "{\"token\": {\"value\": \"x\"}}"), 400, "missing token");
        }

        @Test
        void aNullTokenIs400() {
            assertMessage(post("application/json", "{\"token\": null}"), 400, "missing token");
        }

        @Test
        void anEmptyTokenIs400() {
            assertMessage(post("application/json", "{\"token\": \"\"}"), 400, "missing token");
        }

        @Test
        void badJsonIs400() {
            assert400(post("application/json", "{\"token\": "));
        }

        @Test
        void aJsonArrayIs400() {
            assert400(post("application/json", "[\"token\"]"));
        }

        @Test
        void anEmptyBodyIs400() {
            assert400(post("application/json", ""));
        }
    }

    @Nested
    class Refused {
        @Test
        void aRefreshTokenIsUnexpectedTokenUseAndLives() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            assertMessage(revoke(tokens.refreshToken()), 401, "unexpected token use");
            assertThat(user.refreshes(tokens.refreshToken())).isTrue();
        }

        @Test
        void garbageIsInvalidToken() {
            assertInvalidToken("garbage");
        }

        @Test
        void aForgedTokenIsInvalidToken() throws ParseException, JOSEException {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            SignedJWT genuine = SignedJWT.parse(token);
            var forged = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(genuine.getHeader().getKeyID())
                            .build(),
                    genuine.getJWTClaimsSet());
            forged.sign(new ECDSASigner(ClientJwts.newKey("attacker")));

            assertInvalidToken(forged.serialize());
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void aTokenOfAnUnknownKeyIsInvalidToken() throws ParseException, JOSEException {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            ECKey own = ClientJwts.newKey("a-key-the-server-never-published");
            var signed = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(own.getKeyID())
                            .build(),
                    SignedJWT.parse(token).getJWTClaimsSet());
            signed.sign(new ECDSASigner(own));

            assertInvalidToken(signed.serialize());
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void anUnsignedTokenIsInvalidToken() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();

            assertInvalidToken(OwnTokens.unsigned(token));
            assertThat(user.isActive(token)).isTrue();
        }

        @Test
        void anIdTokenIsInvalidToken() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            assertInvalidToken(tokens.idToken());
            assertThat(user.isActive(tokens.accessToken())).isTrue();
        }

        @Test
        void anExpiredTokenIsInvalidToken() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertInvalidToken(token);
        }

        @Test
        void aGetIsMethodNotAllowed() {
            assertThat(server.http.get(PATH).status()).isEqualTo(405);
        }
    }

    @Nested
    class WhenDisabled {
        @BeforeAll
        static void disable() {
            server.store.features().set(Feature.REVOKE_ACCESS_TOKEN, Feature.State.DISABLED);
            await().atMost(Duration.ofSeconds(20)).until(() -> revoke("garbage").status() == 403);
        }

        @AfterAll
        static void enable() {
            server.store.features().set(Feature.REVOKE_ACCESS_TOKEN, Feature.State.ENABLED);
            await().atMost(Duration.ofSeconds(20)).until(() -> revoke("garbage").status() == 401);
        }

        @Test
        void answers403AndTheTokenLives() {
            var user = LoggedIn.newUser(server, app);
            String token = user.grant("openid").accessToken();
            var reply = revoke(token);
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.json().properties()).hasSize(1);
            assertThat(user.isActive(token)).isTrue();
        }
    }

    @Nested
    class RateLimit {
        static TestServer tuned;

        @BeforeAll
        static void startTuned() {
            tuned = TestServer.start(Map.of("access_token_revocation_rate_limit", "3"));
        }

        @AfterAll
        static void stopTuned() {
            tuned.close();
        }

        @Test
        void pastTheLimitAnAddressGets429WithRetryAfter() {
            for (int i = 0; i < 3; i++) {
                assertThat(revoke(tuned, "garbage").status()).isEqualTo(401);
            }

            var refused = revoke(tuned, "garbage");
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.json().properties()).hasSize(1);
            assertThat(refused.header("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());

            tuned.clock.advance(Duration.ofMinutes(1));
            assertThat(revoke(tuned, "garbage").status()).isEqualTo(401);
        }
    }
}
