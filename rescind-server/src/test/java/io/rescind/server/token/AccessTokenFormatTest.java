package io.rescind.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.TestServer;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The access token as issued: an RFC 9068 JWT with Rescind's revocation claims (DESIGN §3); refresh tokens opaque. */
class AccessTokenFormatTest {
    private static final String API = "https://api.example.com";
    private static final String PASSWORD = "pw-format";
    static TestServer server;
    static TestServer.RegisteredClient client;
    static User reader;
    static JsonNode codeFlowTokens;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("audiences", API));
        client = server.confidentialClient("format-client");
        reader = server.user("format-reader", PASSWORD);
        codeFlowTokens = Flows.codeFlow(server, client, "format-reader", PASSWORD, "openid profile");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static SignedJWT codeFlowAccessToken() {
        return parse(codeFlowTokens.path("access_token").asText());
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static JWTClaimsSet codeFlowClaims() {
        return claims(codeFlowAccessToken());
    }

    private static JWTClaimsSet clientCredentialsClaims() {
        var reply = Flows.clientCredentials(server, client, "api");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return claims(parse(reply.json().path("access_token").asText()));
    }

    @Nested
    class Header {
        @Test
        void typIsAtJwt() {
            assertThat(codeFlowAccessToken().getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        }

        @Test
        void algIsEs256() {
            assertThat(codeFlowAccessToken().getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        }

        @Test
        void kidNamesAPublishedKeyThatVerifiesTheSignature() throws Exception {
            SignedJWT token = codeFlowAccessToken();
            String kid = token.getHeader().getKeyID();
            assertThat(kid).isNotBlank();
            JWKSet published = JWKSet.parse(server.http.get("/jwks").body());
            assertThat(published.getKeyByKeyId(kid)).as("kid %s in /jwks", kid).isNotNull();
            assertThat(token.verify(
                            new ECDSAVerifier(published.getKeyByKeyId(kid).toECKey())))
                    .isTrue();
        }

        @Test
        void theIdTokenIsNotTypedAsAnAccessToken() {
            var idToken = parse(codeFlowTokens.path("id_token").asText());
            assertThat(idToken.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        }
    }

    @Nested
    class CodeFlowClaims {
        @Test
        void issIsTheIssuer() {
            assertThat(codeFlowClaims().getIssuer()).isEqualTo(server.issuer());
        }

        @Test
        void subIsTheUsersImmutableSub() {
            assertThat(codeFlowClaims().getSubject()).isEqualTo(reader.sub().value());
        }

        @Test
        void audIsTheIssuerByDefaultAndNeverTheClient() {
            assertThat(codeFlowClaims().getAudience()).containsExactly(server.issuer());
        }

        @Test
        void audIsTheResourceAskedForAtAuthorization() throws ParseException {
            var browser = new Browser(server.http);
            var request = Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, "openid")
                    .with("resource", API);
            var back = browser.authorizeAndLogin(request.params(), "format-reader", PASSWORD);
            String code = Browser.query(back.location()).get("code");
            assertThat(code).as("code in " + back.location()).isNotNull();
            var reply = Flows.exchange(server, client, code, request.verifier());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(SignedJWT.parse(reply.json().path("access_token").asText())
                            .getJWTClaimsSet()
                            .getAudience())
                    .containsExactly(API);
        }

        @Test
        void clientIdIsTheClient() {
            assertThat(codeFlowClaims().getClaim("client_id"))
                    .isEqualTo(client.id().value());
        }

        @Test
        void expIsIatPlusTheClientsAccessTokenLifetime() {
            var claims = codeFlowClaims();
            assertThat(claims.getIssueTime()).isNotNull();
            assertThat(claims.getExpirationTime().getTime()
                            - claims.getIssueTime().getTime())
                    .isEqualTo(300_000);
            assertThat(codeFlowTokens.path("expires_in").asLong()).isEqualTo(300);
        }

        @Test
        void jtiIsDifferentForEveryToken() {
            var again = Flows.codeFlow(server, client, "format-reader", PASSWORD, "openid profile");
            assertThat(codeFlowClaims().getJWTID()).isNotBlank();
            assertThat(claims(parse(again.path("access_token").asText())).getJWTID())
                    .isNotEqualTo(codeFlowClaims().getJWTID());
        }

        @Test
        void scopeIsTheGrantedScope() {
            assertThat(codeFlowClaims().getClaim("scope")).isEqualTo("openid profile");
        }

        @Test
        void carriesTheGrantIdAndTheEpochs() throws ParseException {
            var claims = codeFlowClaims();
            assertThat(claims.getStringClaim("grant_id")).isNotBlank();
            assertThat(claims.getLongClaim("sub_epoch")).isZero();
            assertThat(claims.getLongClaim("client_epoch")).isZero();
        }

        @Test
        void sidIsTheLoginSessionOfTheIdToken() throws ParseException {
            String sid = codeFlowClaims().getStringClaim("sid");
            assertThat(sid).isNotBlank();
            assertThat(claims(parse(codeFlowTokens.path("id_token").asText())).getStringClaim("sid"))
                    .isEqualTo(sid);
        }

        @Test
        void rolesAreTheUsersRoles() throws ParseException {
            assertThat(codeFlowClaims().getStringListClaim("roles")).containsExactly("reader");
        }

        @Test
        void thereIsNoRolesClaimForAUserWithoutRoles() {
            var noRoles = new User(
                    Subject.random(),
                    new Uid("format-no-roles"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    server.hashing.hashPassword(PASSWORD),
                    UserStatus.ACTIVE);
            server.store.users().save(noRoles);
            var tokens = Flows.codeFlow(server, client, "format-no-roles", PASSWORD, "openid");
            assertThat(claims(parse(tokens.path("access_token").asText())).getClaims())
                    .doesNotContainKey("roles");
        }
    }

    @Nested
    class ClientCredentialsClaims {
        @Test
        void subIsTheClientPrefixed() {
            assertThat(clientCredentialsClaims().getSubject())
                    .isEqualTo("client:" + client.id().value());
        }

        @Test
        void carriesTheClientEpochAndNoSessionOrRoles() throws ParseException {
            var claims = clientCredentialsClaims();
            assertThat(claims.getLongClaim("client_epoch")).isZero();
            assertThat(claims.getLongClaim("sub_epoch")).isZero();
            assertThat(claims.getStringClaim("grant_id")).isNotBlank();
            assertThat(claims.getClaims()).doesNotContainKeys("sid", "roles");
        }

        @Test
        void audIsTheIssuerByDefault() {
            assertThat(clientCredentialsClaims().getAudience()).containsExactly(server.issuer());
        }
    }

    @Nested
    class RefreshTokenFormat {
        @Test
        void isOpaqueWithTheRefreshPrefixAndNoDot() {
            String refreshToken = codeFlowTokens.path("refresh_token").asText();
            assertThat(refreshToken).startsWith("rsc_rt_").doesNotContain(".");
            assertThat(refreshToken.substring("rsc_rt_".length())).matches("[A-Za-z0-9_-]{43,}");
        }
    }
}
