package io.rescind.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.user.User;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.TestServer;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Rescind driven by the Nimbus OAuth 2.0 / OpenID Connect SDK as a client, with the SDK's own request building and
 * response parsing everywhere: what an off-the-shelf relying party sees.
 */
class NimbusSdkInteropTest {
    private static final String PASSWORD = "pw-nimbus";
    private static final URI REDIRECT_URI = URI.create(Fixtures.REDIRECT_URI);

    static TestServer server;
    static TestServer.RegisteredClient registered;
    static ClientID clientId;
    static ClientAuthentication clientAuth;
    static User user;
    static OIDCProviderMetadata metadata;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        registered = server.confidentialClient("nimbus-rp");
        clientId = new ClientID(registered.id().value());
        clientAuth = new ClientSecretBasic(clientId, new Secret(registered.secret()));
        user = server.user("nimbus-user", PASSWORD);
        metadata = OIDCProviderMetadata.resolve(new Issuer(server.issuer()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TokenResponse send(TokenRequest request) throws Exception {
        return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
    }

    private static AccessTokenResponse success(TokenResponse response) {
        assertThat(response.indicatesSuccess())
                .as(() -> response instanceof TokenErrorResponse error
                        ? error.getErrorObject().toJSONObject().toJSONString()
                        : "")
                .isTrue();
        return response.toSuccessResponse();
    }

    /** The code flow with PKCE and nonce, through the login form, up to the SDK's parsed code exchange. */
    private record Login(OIDCTokenResponse tokens, Nonce nonce) {}

    private static Login login(String scope) throws Exception {
        var verifier = new CodeVerifier();
        var state = new State();
        var nonce = new Nonce();
        var request = new AuthenticationRequest.Builder(
                        new ResponseType(ResponseType.Value.CODE), Scope.parse(scope), clientId, REDIRECT_URI)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();

        var browser = new Browser(server.http);
        URI authorize = request.toURI();
        var toLogin = browser.get(authorize.getRawPath() + "?" + authorize.getRawQuery());
        assertThat(toLogin.status()).as(toLogin.body()).isEqualTo(302);
        var back = browser.submitLogin(browser.openLogin(toLogin.location()), "nimbus-user", PASSWORD);

        AuthenticationResponse response = AuthenticationResponseParser.parse(back.location());
        assertThat(response.indicatesSuccess()).as(back.location().toString()).isTrue();
        AuthenticationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer()).isEqualTo(metadata.getIssuer());

        AuthorizationCode code = success.getAuthorizationCode();
        var exchange = new TokenRequest.Builder(
                        metadata.getTokenEndpointURI(),
                        clientAuth,
                        new AuthorizationCodeGrant(code, REDIRECT_URI, verifier))
                .build();
        return new Login((OIDCTokenResponse) success(send(exchange)), nonce);
    }

    private static TokenIntrospectionSuccessResponse introspect(AccessToken token) throws Exception {
        var request = new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), clientAuth, token);
        TokenIntrospectionResponse response =
                TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }

    @Nested
    class Discovery {
        @Test
        void theSdkResolvesTheMetadataFromTheIssuer() {
            assertThat(metadata.getIssuer().getValue()).isEqualTo(server.issuer());
            assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create(server.issuer() + "/token"));
            assertThat(metadata.getIntrospectionEndpointURI()).isNotNull();
            assertThat(metadata.getUserInfoEndpointURI()).isNotNull();
            assertThat(metadata.getJWKSetURI()).isNotNull();
        }

        @Test
        void advertisesWhatThisClientUses() {
            assertThat(metadata.getCodeChallengeMethods()).contains(CodeChallengeMethod.S256);
            assertThat(metadata.getTokenEndpointAuthMethods())
                    .contains(
                            com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                            com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            assertThat(metadata.getIDTokenJWSAlgs()).contains(JWSAlgorithm.RS256);
            assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
        }
    }

    @Nested
    class ClientCredentials {
        @Test
        void anAccessTokenForTheRequestedScope() throws Exception {
            var request = new TokenRequest.Builder(
                            metadata.getTokenEndpointURI(), clientAuth, new ClientCredentialsGrant())
                    .scope(new Scope("api"))
                    .build();
            AccessTokenResponse response = success(send(request));
            assertThat(response.getTokens().getAccessToken()).isInstanceOf(BearerAccessToken.class);
            assertThat(response.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("api"));
            assertThat(response.getTokens().getAccessToken().getLifetime()).isEqualTo(300);
            assertThat(response.getTokens().getRefreshToken()).isNull();
        }

        @Test
        void anSdkBuiltPrivateKeyJwtAuthenticates() throws Exception {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("nimbus-key").generate();
            var signer = new ClientID("nimbus-signer");
            server.register(
                    Fixtures.webClient(signer.getValue())
                            .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                            .jwks(Optional.of(new JWKSet(key.toPublicJWK()))),
                    Optional.empty());
            // The server's clock is the test clock, so the assertion is dated by it rather than by the SDK.
            Instant now = server.clock.instant();
            var claims = new JWTAuthenticationClaimsSet(
                    signer,
                    List.of(new Audience(metadata.getTokenEndpointURI())),
                    Date.from(now.plusSeconds(60)),
                    null,
                    Date.from(now),
                    new JWTID());
            var auth = new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toPrivateKey(), key.getKeyID(), null);
            var request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant())
                    .scope(new Scope("api"))
                    .build();
            success(send(request));
        }

        @Test
        void aWrongSecretParsesAsInvalidClient() throws Exception {
            var request = new TokenRequest.Builder(
                            metadata.getTokenEndpointURI(),
                            new ClientSecretBasic(clientId, new Secret("wrong")),
                            new ClientCredentialsGrant())
                    .build();
            TokenResponse response = send(request);
            assertThat(response.indicatesSuccess()).isFalse();
            assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
            assertThat(response.toErrorResponse().getErrorObject().getHTTPStatusCode())
                    .isEqualTo(401);
        }
    }

    @Nested
    class CodeFlow {
        @Test
        void theExchangeAnswersOidcTokens() throws Exception {
            OIDCTokens tokens = login("openid profile email").tokens().getOIDCTokens();
            assertThat(tokens.getIDToken()).isNotNull();
            assertThat(tokens.getBearerAccessToken()).isNotNull();
            assertThat(tokens.getRefreshToken()).isNotNull();
            assertThat(tokens.getAccessToken().getScope()).isEqualTo(Scope.parse("openid profile email"));
        }

        @Test
        void theIdTokenValidatesAgainstThePublishedKeys() throws Exception {
            Login login = login("openid");
            var validator = new IDTokenValidator(
                    metadata.getIssuer(),
                    clientId,
                    JWSAlgorithm.RS256,
                    metadata.getJWKSetURI().toURL());
            IDTokenClaimsSet claims =
                    validator.validate(login.tokens().getOIDCTokens().getIDToken(), login.nonce());
            assertThat(claims.getSubject().getValue()).isEqualTo(user.sub().value());
            assertThat(claims.getAudience()).containsExactly(new Audience(clientId));
            assertThat(claims.getAuthenticationTime()).isNotNull();
        }

        @Test
        void aRefreshAnswersRotatedTokens() throws Exception {
            RefreshToken first = login("openid").tokens().getOIDCTokens().getRefreshToken();
            var request = new TokenRequest.Builder(
                            metadata.getTokenEndpointURI(), clientAuth, new RefreshTokenGrant(first))
                    .build();
            OIDCTokenResponse refreshed = (OIDCTokenResponse) success(send(request));
            assertThat(refreshed.getOIDCTokens().getRefreshToken()).isNotNull().isNotEqualTo(first);
            assertThat(introspect(refreshed.getOIDCTokens().getAccessToken()).isActive())
                    .isTrue();
        }

        @Test
        void theAccessTokenIntrospectsActive() throws Exception {
            AccessToken accessToken =
                    login("openid profile").tokens().getOIDCTokens().getAccessToken();
            TokenIntrospectionSuccessResponse introspection = introspect(accessToken);
            assertThat(introspection.isActive()).isTrue();
            assertThat(introspection.getScope()).isEqualTo(Scope.parse("openid profile"));
            assertThat(introspection.getClientID()).isEqualTo(clientId);
            assertThat(introspection.getSubject().getValue())
                    .isEqualTo(user.sub().value());
            assertThat(introspection.getIssuer()).isEqualTo(metadata.getIssuer());
            assertThat(introspection.getAudience()).containsExactly(new Audience(server.issuer()));
            assertThat(introspection.getExpirationTime()).isNotNull();
        }

        @Test
        void theUserInfoAnswersTheScopesClaims() throws Exception {
            BearerAccessToken accessToken =
                    login("openid profile email").tokens().getOIDCTokens().getBearerAccessToken();
            var request = new UserInfoRequest(metadata.getUserInfoEndpointURI(), accessToken);
            UserInfoResponse response =
                    UserInfoResponse.parse(request.toHTTPRequest().send());
            assertThat(response.indicatesSuccess()).isTrue();
            UserInfoSuccessResponse success = response.toSuccessResponse();
            assertThat(success.getUserInfo().getSubject().getValue())
                    .isEqualTo(user.sub().value());
            assertThat(success.getUserInfo().getPreferredUsername()).isEqualTo("nimbus-user");
            assertThat(success.getUserInfo().getEmailAddress()).isEqualTo("nimbus-user@example.com");
        }

        @Test
        void aRevokedAccessTokenParsesAsInvalidTokenAtUserInfo() throws Exception {
            OIDCTokens tokens = login("openid").tokens().getOIDCTokens();
            var refresh = new RefreshTokenGrant(tokens.getRefreshToken());
            success(send(new TokenRequest.Builder(metadata.getTokenEndpointURI(), clientAuth, refresh).build()));
            TokenResponse reuse =
                    send(new TokenRequest.Builder(metadata.getTokenEndpointURI(), clientAuth, refresh).build());
            assertThat(reuse.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");

            var request = new UserInfoRequest(metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken());
            UserInfoResponse response =
                    UserInfoResponse.parse(request.toHTTPRequest().send());
            assertThat(response.indicatesSuccess()).isFalse();
            assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_token");
            assertThat(response.toErrorResponse().getErrorObject().getHTTPStatusCode())
                    .isEqualTo(401);
        }
    }
}
