package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.feature.Feature;
import io.rescind.core.token.TokenTypes;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Database;
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

/**
 * {@code POST /oauth/revoke}: RFC 7009 with TokenAuthority's semantics (DESIGN §1 row 3) and the "one token via RFC
 * 7009" row of the cascade (§1.3): an access or a refresh token revokes its whole grant, and nothing else.
 */
class TokenRevocationTest {
    static final String PATH = "/oauth/revoke";
    static final String SPA = "rt-spa";
    static final String SPA_REDIRECT = "http://127.0.0.1:9999/callback";
    static final String APP_ORIGIN = "https://app.example.com";

    static TestServer server;
    static TestServer.RegisteredClient app;
    static TestServer.RegisteredClient other;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        app = server.confidentialClient("rt-app");
        other = server.confidentialClient("rt-other");
        server.register(Fixtures.publicClient(SPA), Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Reply revoke(TestServer.RegisteredClient caller, Map<String, String> form) {
        return server.http.postForm(PATH, form, "Authorization", caller.basic());
    }

    static Http.Reply revoke(TestServer.RegisteredClient caller, String token) {
        return revoke(caller, Map.of("token", token));
    }

    static Http.Reply revoke(TestServer.RegisteredClient caller, String token, String hint) {
        return revoke(caller, Map.of("token", token, "token_type_hint", hint));
    }

    static void assert200(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    static void assertError(Http.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.error()).isEqualTo(error);
    }

    static void assertUnsupported(String token) {
        assertError(revoke(app, token), 400, "unsupported_token_type");
    }

    /** A grant with two access tokens: the one of the code exchange, and the one of a refresh. */
    record Grant(LoggedIn user, String firstAccessToken, String accessToken, String refreshToken) {
        static Grant of(LoggedIn user, String scope) {
            var tokens = user.grant(scope);
            var refreshed = user.refresh(tokens.refreshToken());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            JsonNode body = refreshed.json();
            return new Grant(
                    user,
                    tokens.accessToken(),
                    body.path("access_token").asText(),
                    body.path("refresh_token").asText());
        }

        static Grant newUser() {
            return of(LoggedIn.newUser(server, app), "openid");
        }

        void assertRevoked() {
            assertThat(user.isActive(firstAccessToken)).isFalse();
            assertThat(user.isActive(accessToken)).isFalse();
            assertThat(user.refreshes(refreshToken)).isFalse();
        }

        void assertLive() {
            assertThat(user.isActive(firstAccessToken)).isTrue();
            assertThat(user.isActive(accessToken)).isTrue();
            assertThat(user.refreshes(refreshToken)).isTrue();
        }
    }

    static String clientCredentialsToken() {
        return Flows.clientCredentialsToken(server, app, "api");
    }

    @Nested
    class RevokingAnAccessToken {
        @Test
        void answers200WithAnEmptyBody() {
            var reply = revoke(app, Grant.newUser().accessToken());
            assert200(reply);
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }

        @Test
        void revokesItsWholeGrant() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.firstAccessToken()));
            grant.assertRevoked();
        }

        @Test
        void leavesTheUsersOtherGrantsAndSessionAlive() {
            var revoked = Grant.newUser();
            var kept = Grant.of(revoked.user(), "openid profile");

            assert200(revoke(app, revoked.accessToken()));

            kept.assertLive();
            assertThat(revoked.user().asksForLogin()).isFalse();
        }

        @Test
        void withTheRefreshTokenHintFallsBackAndRevokes() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.accessToken(), "refresh_token"));
            grant.assertRevoked();
        }

        @Test
        void withAnUnknownHintValueIgnoresIt() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.accessToken(), "id_token"));
            grant.assertRevoked();
        }

        @Test
        void anExpiredAccessTokenOfOursIs200AndRevokesItsGrant() {
            var tokens = LoggedIn.newUser(server, app);
            var grant = tokens.grant("openid");
            server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertThat(tokens.isActive(grant.accessToken())).isFalse();

            assert200(revoke(app, grant.accessToken()));

            assertThat(tokens.refreshes(grant.refreshToken())).isFalse();
        }

        @Test
        void alreadyRevokedIsStill200() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.accessToken()));
            assert200(revoke(app, grant.accessToken()));
            grant.assertRevoked();
        }

        @Test
        void theRevocationIsLoggedWithItsCallerAndInterface() throws ParseException {
            var grant = Grant.newUser();
            String grantId =
                    SignedJWT.parse(grant.accessToken()).getJWTClaimsSet().getStringClaim("grant_id");

            assert200(revoke(app, grant.accessToken()));

            var rows = Database.rows(
                    server,
                    "SELECT initiator, interface, caller_ip FROM revocation_log WHERE kind = 'grant' AND target = ?",
                    grantId);
            assertThat(rows)
                    .singleElement()
                    .satisfies(row -> assertThat(row)
                            .containsEntry("initiator", "client:rt-app")
                            .containsEntry("interface", "oauth-revoke")
                            .containsEntry("caller_ip", "127.0.0.1"));
        }
    }

    @Nested
    class RevokingARefreshToken {
        @Test
        void revokesItsWholeGrant() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.refreshToken()));
            grant.assertRevoked();
        }

        @Test
        void withTheAccessTokenHintFallsBackAndRevokes() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.refreshToken(), "access_token"));
            grant.assertRevoked();
        }

        @Test
        void withTheRefreshTokenHint() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.refreshToken(), "refresh_token"));
            grant.assertRevoked();
        }

        @Test
        void aRotatedRefreshTokenStillRevokesItsGrant() {
            var user = LoggedIn.newUser(server, app);
            var tokens = user.grant("openid");
            var refreshed = user.refresh(tokens.refreshToken()).json();

            assert200(revoke(app, tokens.refreshToken()));

            assertThat(user.isActive(refreshed.path("access_token").asText())).isFalse();
            assertThat(user.refreshes(refreshed.path("refresh_token").asText())).isFalse();
        }

        @Test
        void anUnknownRefreshTokenOfOursIs200() {
            assert200(revoke(app, OwnTokens.unknownRefreshToken(server)));
        }

        @Test
        void alreadyRevokedIsStill200() {
            var grant = Grant.newUser();
            assert200(revoke(app, grant.refreshToken()));
            assert200(revoke(app, grant.refreshToken()));
        }
    }

    /** DESIGN §1.3: {@code client_credentials} tokens are each their own grant. */
    @Nested
    class ClientCredentialsTokens {
        @Test
        void onlyTheRevokedTokenDies() {
            String earlier = clientCredentialsToken();
            String revoked = clientCredentialsToken();

            assert200(revoke(app, revoked));

            assertThat(LoggedIn.isActive(server, app, revoked)).isFalse();
            assertThat(LoggedIn.isActive(server, app, earlier)).isTrue();
            assertThat(LoggedIn.isActive(server, app, clientCredentialsToken())).isTrue();
        }

        @Test
        void anotherClientCannotRevokeIt() {
            String token = clientCredentialsToken();
            assertError(revoke(other, token), 400, "unauthorized_client");
            assertThat(LoggedIn.isActive(server, app, token)).isTrue();
        }
    }

    /** 400 {@code unsupported_token_type}: anything that is not an access or refresh token issued here. */
    @Nested
    class NotOurTokens {
        @Test
        void garbage() {
            assertUnsupported("garbage");
        }

        @Test
        void aRefreshTokenLookalikeWithoutAGenuineMac() {
            assertUnsupported("rsc_rt_" + "A".repeat(64));
        }

        @Test
        void anAuthorizationCode() {
            assertUnsupported(
                    LoggedIn.newUser(server, app).pendingCode("openid").value());
        }

        @Test
        void anIdToken() {
            var user = LoggedIn.newUser(server, app);
            var grant = user.grant("openid");
            assertUnsupported(grant.idToken());
            assertThat(user.isActive(grant.accessToken())).isTrue();
        }

        /** A logout token signed by this server's own key is still no access or refresh token. */
        @Test
        void aLogoutToken() {
            var grant = Grant.newUser();
            String logoutToken = OwnTokens.resigned(
                    server,
                    grant.accessToken(),
                    TokenTypes.LOGOUT_TOKEN,
                    claims -> claims.claim(
                            "events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())));

            assertUnsupported(logoutToken);
            grant.assertLive();
        }

        @Test
        void aForeignJwt() throws JOSEException {
            ECKey foreign = ClientJwts.newKey("foreign-key");
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(foreign.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer("https://elsewhere.example.com")
                            .subject("someone")
                            .build());
            jwt.sign(new ECDSASigner(foreign));
            assertUnsupported(jwt.serialize());
        }

        @Test
        void ourClaimsSignedByAnotherKeyUnderOurKid() throws JOSEException, ParseException {
            var grant = Grant.newUser();
            SignedJWT genuine = SignedJWT.parse(grant.accessToken());
            var forged = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(genuine.getHeader().getKeyID())
                            .build(),
                    genuine.getJWTClaimsSet());
            forged.sign(new ECDSASigner(ClientJwts.newKey("attacker")));

            assertUnsupported(forged.serialize());
            grant.assertLive();
        }

        @Test
        void ourClaimsUnsignedWithAlgNone() {
            var grant = Grant.newUser();

            assertUnsupported(OwnTokens.unsigned(grant.accessToken()));
            grant.assertLive();
        }
    }

    @Nested
    class AnotherClientsToken {
        @Test
        void anAccessTokenIsUnauthorizedClientAndNothingIsRevoked() {
            var grant = Grant.newUser();
            assertError(revoke(other, grant.accessToken()), 400, "unauthorized_client");
            grant.assertLive();
        }

        @Test
        void aRefreshTokenIsUnauthorizedClientAndNothingIsRevoked() {
            var grant = Grant.newUser();
            assertError(revoke(other, grant.refreshToken()), 400, "unauthorized_client");
            grant.assertLive();
        }
    }

    @Nested
    class PublicClients {
        /** A code flow of the public client, PKCE only: its token response. */
        JsonNode spaTokens() {
            var user = LoggedIn.newUser(server);
            var browser = new Browser(server.http);
            var request = Browser.codeRequest(SPA, SPA_REDIRECT, "openid offline_access");
            var back = browser.authorizeAndLogin(request.params(), user.uid().value(), LoggedIn.PASSWORD);
            String code = Browser.query(back.location()).get("code");
            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "authorization_code",
                            "code",
                            code,
                            "redirect_uri",
                            SPA_REDIRECT,
                            "client_id",
                            SPA,
                            "code_verifier",
                            request.verifier()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            return reply.json();
        }

        Http.Reply spaRefresh(String refreshToken) {
            return server.http.postForm(
                    "/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", SPA));
        }

        @Test
        void revokesItsOwnTokenWithItsClientIdOnly() {
            var tokens = spaTokens();

            assert200(server.http.postForm(
                    PATH, Map.of("token", tokens.path("refresh_token").asText(), "client_id", SPA)));

            assertError(spaRefresh(tokens.path("refresh_token").asText()), 400, "invalid_grant");
            assertThat(LoggedIn.isActive(
                            server, app, tokens.path("access_token").asText()))
                    .isFalse();
        }

        @Test
        void withoutItsClientIdIs401() {
            var tokens = spaTokens();
            var reply = server.http.postForm(
                    PATH, Map.of("token", tokens.path("refresh_token").asText()));
            assertError(reply, 401, "invalid_client");
            assertThat(spaRefresh(tokens.path("refresh_token").asText()).status())
                    .isEqualTo(200);
        }

        @Test
        void cannotRevokeAConfidentialClientsToken() {
            var grant = Grant.newUser();
            var reply = server.http.postForm(PATH, Map.of("token", grant.accessToken(), "client_id", SPA));
            assertError(reply, 400, "unauthorized_client");
            grant.assertLive();
        }
    }

    @Nested
    class Requests {
        @Test
        void aMissingTokenIsInvalidRequest() {
            assertError(revoke(app, Map.of()), 400, "invalid_request");
        }

        @Test
        void withoutClientAuthenticationIs401() {
            var grant = Grant.newUser();
            var reply = server.http.postForm(PATH, Map.of("token", grant.accessToken()));
            assertError(reply, 401, "invalid_client");
            grant.assertLive();
        }

        @Test
        void aWrongSecretIs401WithAChallenge() {
            var grant = Grant.newUser();
            var reply = server.http.postForm(
                    PATH, Map.of("token", grant.accessToken()), "Authorization", Http.basic("rt-app", "wrong"));
            assertError(reply, 401, "invalid_client");
            assertThat(reply.header("WWW-Authenticate")).isPresent();
            grant.assertLive();
        }

        @Test
        void aJsonBodyIsInvalidRequest() {
            var reply = server.http.post(PATH, "application/json", "{\"token\":\"x\"}", "Authorization", app.basic());
            assertError(reply, 400, "invalid_request");
        }

        @Test
        void aGetIsMethodNotAllowed() {
            var reply = server.http.get(PATH + "?token=x", "Authorization", app.basic());
            assertThat(reply.status()).as(reply.body()).isEqualTo(405);
        }
    }

    /** Browser clients call the revocation endpoint cross-origin: CORS as at /token. */
    @Nested
    class Cors {
        @BeforeAll
        static void originsLoaded() {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> preflight(APP_ORIGIN)
                            .header("Access-Control-Allow-Origin")
                            .isPresent());
        }

        static Http.Reply preflight(String origin) {
            return server.http.send(
                    "OPTIONS",
                    PATH,
                    "Origin",
                    origin,
                    "Access-Control-Request-Method",
                    "POST",
                    "Access-Control-Request-Headers",
                    "authorization, content-type");
        }

        @Test
        void aPreflightFromARegisteredOriginIsAllowed() {
            var reply = preflight(APP_ORIGIN);
            assertThat(reply.status()).isEqualTo(204);
            assertThat(reply.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
            assertThat(reply.header("Access-Control-Allow-Methods"))
                    .hasValueSatisfying(m -> assertThat(m).contains("POST"));
        }

        @Test
        void aPreflightFromAnUnregisteredOriginGetsNoAllowOrigin() {
            assertThat(preflight("https://evil.example.com").header("Access-Control-Allow-Origin"))
                    .isEmpty();
        }

        @Test
        void anErrorCarriesTheAllowOriginSoTheBrowserCanReadIt() {
            var reply = server.http.postForm(
                    PATH, Map.of("token", "garbage"), "Authorization", app.basic(), "Origin", APP_ORIGIN);
            assertError(reply, 400, "unsupported_token_type");
            assertThat(reply.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        }

        @Test
        void theRevocationAnswerCarriesTheAllowOrigin() {
            var reply = server.http.postForm(
                    PATH,
                    Map.of("token", Grant.newUser().accessToken()),
                    "Authorization",
                    app.basic(),
                    "Origin",
                    APP_ORIGIN);
            assert200(reply);
            assertThat(reply.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        }
    }

    @Test
    void discoveryAdvertisesTheEndpointAndItsAuthMethods() {
        var metadata =
                server.http.get("/.well-known/oauth-authorization-server").json();
        assertThat(metadata.path("revocation_endpoint").asText()).isEqualTo(server.issuer() + PATH);
        assertThat(metadata.path("revocation_endpoint_auth_methods_supported"))
                .extracting(JsonNode::asText)
                .contains("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
    }

    @Nested
    class WhenDisabled {
        @BeforeAll
        static void disable() {
            server.store.features().set(Feature.REVOKE_TOKEN, Feature.State.DISABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> revoke(app, "garbage").status() == 403);
        }

        @AfterAll
        static void enable() {
            server.store.features().set(Feature.REVOKE_TOKEN, Feature.State.ENABLED);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> revoke(app, "garbage").status() == 400);
        }

        @Test
        void anAuthenticatedClientGets403AccessDeniedAndNothingIsRevoked() {
            var grant = Grant.newUser();
            assertError(revoke(app, grant.accessToken()), 403, "access_denied");
            grant.assertLive();
        }

        @Test
        void aWrongSecretStillGets401First() {
            var reply = server.http.postForm(
                    PATH, Map.of("token", "garbage"), "Authorization", Http.basic("rt-app", "wrong"));
            assertError(reply, 401, "invalid_client");
        }

        @Test
        void discoveryNoLongerAdvertisesIt() {
            var metadata =
                    server.http.get("/.well-known/oauth-authorization-server").json();
            assertThat(metadata.has("revocation_endpoint")).isFalse();
            assertThat(metadata.has("revocation_endpoint_auth_methods_supported"))
                    .isFalse();
        }
    }
}
