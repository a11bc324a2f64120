package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.user.User;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The code exchange at {@code /token} after a browser login: RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.3.7. */
class AuthorizationCodeExchangeTest {
    static final String PASSWORD = "exchange password";
    static final String SPA_REDIRECT = "http://127.0.0.1:9999/callback";
    static final Duration CODE_TTL = Duration.ofSeconds(60);
    static final AtomicInteger USERS = new AtomicInteger();

    static TestServer server;
    static TestServer.RegisteredClient web;
    static TestServer.RegisteredClient other;
    static TestServer.RegisteredClient es256;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("authorization_code_ttl", String.valueOf(CODE_TTL.toSeconds())));
        web = server.confidentialClient("exchange-app");
        other = server.confidentialClient("other-app");
        es256 = server.confidentialClient("es256-app", b -> b.idTokenSignedResponseAlg(JWSAlgorithm.ES256));
        server.register(Fixtures.publicClient("exchange-spa"), Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static User newUser() {
        return server.user("user" + USERS.incrementAndGet(), PASSWORD);
    }

    /** A code issued through the login form, with what redeeming it needs. */
    record Issued(String code, Browser.CodeRequest request, User user) {
        String verifier() {
            return request.verifier();
        }
    }

    static Issued issue(Browser.CodeRequest request) {
        User user = newUser();
        var back = new Browser(server.http)
                .authorizeAndLogin(request.params(), user.uid().value(), PASSWORD);
        String code = Browser.query(back.location()).get("code");
        assertThat(code).as(back.location().toString()).isNotNull();
        return new Issued(code, request, user);
    }

    static Issued issue(TestServer.RegisteredClient client, String scope) {
        return issue(Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, scope));
    }

    static Http.Reply exchange(TestServer.RegisteredClient client, String code, String... fields) {
        var params = Http.params(fields);
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        return server.http.postForm("/token", params, "Authorization", client.basic());
    }

    static JsonNode redeemed(TestServer.RegisteredClient client, Issued issued) {
        var reply = Flows.exchange(server, client, issued.code(), issued.verifier());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    static void assertInvalidGrant(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_grant");
    }

    @Nested
    class Rfc6749Section4_1_2_CodeIsSingleUse {
        @Test
        void secondExchangeOfACodeIsInvalidGrant() {
            var issued = issue(web, "openid");
            redeemed(web, issued);
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), issued.verifier()));
        }

        @Test
        void replayedCodeRevokesTheAccessTokenOfTheFirstExchange() {
            var issued = issue(web, "openid");
            String accessToken = redeemed(web, issued).path("access_token").asText();
            assertThat(Flows.active(server, web, accessToken)).isTrue();
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), issued.verifier()));
            assertThat(Flows.active(server, web, accessToken)).isFalse();
        }

        @Test
        void replayedCodeRevokesTheRefreshTokenOfTheFirstExchange() {
            var issued = issue(web, "openid offline_access");
            String refreshToken = redeemed(web, issued).path("refresh_token").asText();
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), issued.verifier()));
            assertInvalidGrant(Flows.refresh(server, web, refreshToken));
        }

        @Test
        void codeOfAnotherClientIsInvalidGrant() {
            var issued = issue(web, "openid");
            assertInvalidGrant(Flows.exchange(server, other, issued.code(), issued.verifier()));
        }

        /** A presenter that may not spend the code cannot burn it for the client that may. */
        @Test
        void codePresentedByAnotherClientStaysRedeemableByItsOwn() {
            var issued = issue(web, "openid");
            Flows.exchange(server, other, issued.code(), issued.verifier());
            redeemed(web, issued);
        }

        @Test
        void unknownCodeIsInvalidGrant() {
            assertInvalidGrant(Flows.exchange(server, web, "rsc_ac_unknown", "x".repeat(43)));
        }
    }

    @Nested
    class Rfc6749Section4_1_2_CodeLifetime {
        @Test
        void codeOlderThanItsLifetimeIsInvalidGrant() {
            var issued = issue(web, "openid");
            server.clock.advance(CODE_TTL.plusSeconds(1));
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), issued.verifier()));
        }

        @Test
        void codeWithinItsLifetimeIsRedeemed() {
            var issued = issue(web, "openid");
            server.clock.advance(CODE_TTL.minusSeconds(1));
            redeemed(web, issued);
        }
    }

    @Nested
    class Rfc6749Section4_1_3_RedirectUri {
        @Test
        void redirectUriOtherThanTheAuthorizationRequestsIsInvalidGrant() {
            var issued = issue(web, "openid");
            var reply = exchange(
                    web,
                    issued.code(),
                    "redirect_uri",
                    "https://app.example.com/other",
                    "code_verifier",
                    issued.verifier());
            assertInvalidGrant(reply);
        }

        @Test
        void redirectUriMissingWhenTheAuthorizationRequestHadOneIsInvalidGrant() {
            var issued = issue(web, "openid");
            assertInvalidGrant(exchange(web, issued.code(), "code_verifier", issued.verifier()));
        }

        @Test
        void redirectUriMayBeOmittedWhenTheAuthorizationRequestOmittedIt() {
            var issued = issue(Browser.codeRequest(web.id().value(), Fixtures.REDIRECT_URI, "api")
                    .without("redirect_uri"));
            var reply = exchange(web, issued.code(), "code_verifier", issued.verifier());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    @Nested
    class Rfc7636Section4_6 {
        @Test
        void wrongCodeVerifierIsInvalidGrant() {
            var issued = issue(web, "openid");
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), "w".repeat(43)));
        }

        @Test
        void missingCodeVerifierIsInvalidGrant() {
            var issued = issue(web, "openid");
            assertInvalidGrant(exchange(web, issued.code(), "redirect_uri", Fixtures.REDIRECT_URI));
        }

        /** The code is spent by the attempt: a guessed verifier gets one try, not many. */
        @Test
        void codeFailedWithAWrongVerifierCannotBeRedeemedAfterwards() {
            var issued = issue(web, "openid");
            Flows.exchange(server, web, issued.code(), "w".repeat(43));
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), issued.verifier()));
        }

        @Test
        void verifierForACodeIssuedWithoutChallengeIsInvalidGrant() {
            var issued = issue(Browser.codeRequest(web.id().value(), Fixtures.REDIRECT_URI, "openid")
                    .without("code_challenge")
                    .without("code_challenge_method"));
            assertInvalidGrant(Flows.exchange(server, web, issued.code(), issued.verifier()));
        }

        @Test
        void publicClientRedeemsItsCodeWithTheVerifierAndNoSecret() {
            var issued = issue(Browser.codeRequest("exchange-spa", SPA_REDIRECT, "openid"));
            var reply = server.http.postForm(
                    "/token",
                    Http.params(
                            "grant_type",
                            "authorization_code",
                            "client_id",
                            "exchange-spa",
                            "code",
                            issued.code(),
                            "redirect_uri",
                            SPA_REDIRECT,
                            "code_verifier",
                            issued.verifier()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("access_token").asText()).isNotBlank();
        }
    }

    @Nested
    class OidcCoreIdToken {
        static SignedJWT idToken(JsonNode tokens) throws ParseException {
            assertThat(tokens.has("id_token")).as(tokens.toString()).isTrue();
            return SignedJWT.parse(tokens.path("id_token").asText());
        }

        static JWTClaimsSet claims(JsonNode tokens) throws Exception {
            return idToken(tokens).getJWTClaimsSet();
        }

        static boolean verifiesAgainstJwks(SignedJWT jwt) throws Exception {
            JWKSet jwks = JWKSet.parse(server.http.get("/jwks").body());
            JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key)
                    .as("key " + jwt.getHeader().getKeyID() + " in /jwks")
                    .isNotNull();
            JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
            return jwt.verify(verifier);
        }

        @Test
        void idTokenIsTypJwtSignedWithRs256ByDefault() throws Exception {
            var header = idToken(redeemed(web, issue(web, "openid"))).getHeader();
            assertThat(header.getType()).isEqualTo(JOSEObjectType.JWT);
            assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        }

        @Test
        void idTokenSignatureVerifiesWithTheKeyItNamesInJwks() throws Exception {
            assertThat(verifiesAgainstJwks(idToken(redeemed(web, issue(web, "openid")))))
                    .isTrue();
        }

        @Test
        void idTokenIsEs256WhenTheClientRegistersIt() throws Exception {
            var jwt = idToken(redeemed(es256, issue(es256, "openid")));
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(verifiesAgainstJwks(jwt)).isTrue();
        }

        @Test
        void idTokenNamesTheIssuerTheClientAndTheUser() throws Exception {
            var issued = issue(web, "openid");
            var claims = claims(redeemed(web, issued));
            assertThat(claims.getIssuer()).isEqualTo(server.issuer());
            assertThat(claims.getAudience()).isEqualTo(List.of(web.id().value()));
            assertThat(claims.getSubject()).isEqualTo(issued.user().sub().value());
        }

        @Test
        void idTokenCarriesTheNonceOfTheRequest() throws Exception {
            var issued = issue(web, "openid");
            assertThat(claims(redeemed(web, issued)).getStringClaim("nonce"))
                    .isEqualTo(issued.request().params().get("nonce"));
        }

        @Test
        void idTokenCarriesTheSessionIdOfTheAccessToken() throws Exception {
            var tokens = redeemed(web, issue(web, "openid"));
            String accessTokenSid = SignedJWT.parse(tokens.path("access_token").asText())
                    .getJWTClaimsSet()
                    .getStringClaim("sid");
            assertThat(claims(tokens).getStringClaim("sid")).isNotBlank().isEqualTo(accessTokenSid);
        }

        @Test
        void idTokenCarriesTheTimeOfTheLoginAsAuthTime() throws Exception {
            long loginSecond = server.clock.instant().getEpochSecond();
            var issued = issue(web, "openid");
            server.clock.advance(Duration.ofSeconds(30));
            assertThat(claims(redeemed(web, issued)).getLongClaim("auth_time")).isEqualTo(loginSecond);
        }

        @Test
        void idTokenExpiresAfterItWasIssued() throws Exception {
            var claims = claims(redeemed(web, issue(web, "openid")));
            assertThat(claims.getIssueTime().toInstant().getEpochSecond())
                    .isEqualTo(server.clock.instant().getEpochSecond());
            assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        }

        @Test
        void noIdTokenWithoutTheOpenidScope() {
            assertThat(redeemed(web, issue(web, "profile")).has("id_token")).isFalse();
        }

        /** Each verifier pins one typ (RFC 8725 §3.11): an ID token is never an access token. */
        @Test
        void idTokenIsRefusedAsAnAccessToken() {
            String idToken =
                    redeemed(web, issue(web, "openid")).path("id_token").asText();
            var reply = server.http.get("/userinfo", "Authorization", "Bearer " + idToken);
            assertThat(reply.status()).isEqualTo(401);
        }

        /**
         * The typ alone decides: the access token's own claims, signed again by the server's key, pass under
         * {@code at+jwt} and are refused under the ID token's {@code typ}.
         */
        @Test
        void anAccessTokenTypedAsAnIdTokenIsRefused() {
            String accessToken =
                    redeemed(web, issue(web, "openid")).path("access_token").asText();
            String asAccessToken = OwnTokens.resigned(server, accessToken, TokenTypes.ACCESS_TOKEN, b -> b);
            String asIdToken = OwnTokens.resigned(server, accessToken, TokenTypes.ID_TOKEN, b -> b);

            var control = server.http.get("/userinfo", "Authorization", "Bearer " + asAccessToken);
            assertThat(control.status()).as(control.body()).isEqualTo(200);
            var reply = server.http.get("/userinfo", "Authorization", "Bearer " + asIdToken);
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        }
    }
}
