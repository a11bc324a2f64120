package io.rescind.server.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RedirectUris;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /authorize} over real HTTP: RFC 6749 §4.1.1–§4.1.2.1, RFC 7636, RFC 8707, RFC 9207, OIDC Core §3.1.2. */
class AuthorizationEndpointTest {
    static final String WEB = "web-app";
    static final String SPA = "spa";
    static final String MULTI = "multi-redirect";
    static final String TENANT = "tenant-app";
    static final String TENANT_REDIRECT = "https://tenant.example.com/cb?tenant=acme";
    static final String MACHINE = "machine-only";
    static final String API = "https://api.example.com";
    static final String USER = "alice";
    static final String PASSWORD = "correct horse battery staple";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("audiences", API));
        server.confidentialClient(WEB);
        server.register(Fixtures.publicClient(SPA), Optional.empty());
        server.register(
                Fixtures.webClient(MULTI)
                        .redirectUris(List.of(
                                RedirectUris.parseRegistered(Fixtures.REDIRECT_URI),
                                RedirectUris.parseRegistered("https://app.example.com/other"))),
                Optional.of("secret-of-" + MULTI));
        server.register(
                Fixtures.webClient(TENANT).redirectUris(List.of(RedirectUris.parseRegistered(TENANT_REDIRECT))),
                Optional.of("secret-of-" + TENANT));
        server.register(
                Fixtures.webClient(MACHINE)
                        .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)
                        .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS)),
                Optional.of("secret-of-" + MACHINE));
        server.user(USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Browser.CodeRequest request() {
        return Browser.codeRequest(WEB, Fixtures.REDIRECT_URI, "openid profile");
    }

    static Http.Reply authorize(Browser.CodeRequest request) {
        return new Browser(server.http).authorize(request.params());
    }

    /** An error shown to the user: RFC 6749 §4.1.2.1 forbids redirecting to an unverified client or URI. */
    static void assertErrorPage(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(reply.body()).contains("Invalid");
    }

    /** An error redirected to the client with the state it sent and our issuer (RFC 6749 §4.1.2.1, RFC 9207). */
    static Map<String, String> assertErrorRedirect(Http.Reply reply, Browser.CodeRequest request, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(302);
        URI location = reply.location();
        assertThat(location.toString()).startsWith(Fixtures.REDIRECT_URI + "?");
        Map<String, String> query = Browser.query(location);
        assertThat(query).containsEntry("error", error);
        assertThat(query.get("error_description")).isNotBlank();
        assertThat(query).containsEntry("state", request.params().get("state"));
        assertThat(query).containsEntry("iss", server.issuer());
        assertThat(query).doesNotContainKey("code");
        return query;
    }

    @Nested
    class Rfc6749Section4_1_2_1_UntrustedClientOrRedirect {
        @Test
        void unknownClientIdShowsAnErrorPage() {
            assertErrorPage(authorize(request().with("client_id", "nobody")));
        }

        @Test
        void missingClientIdShowsAnErrorPage() {
            assertErrorPage(authorize(request().without("client_id")));
        }

        @Test
        void unregisteredRedirectUriShowsAnErrorPage() {
            assertErrorPage(authorize(request().with("redirect_uri", "https://evil.example.net/callback")));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "https://app.example.com/callback/",
                    "https://APP.example.com/callback",
                    "https://app.example.com/Callback",
                    "https://app.example.com/callback?extra=1",
                    "https://app.example.com/callback#frag",
                    "https://app.example.com/callbackx",
                    "https://app.example.com/call",
                    "https://app.example.com:443/callback",
                    "http://app.example.com/callback"
                })
        void redirectUriThatIsNotExactlyARegisteredOneShowsAnErrorPage(String nearMiss) {
            assertErrorPage(authorize(request().with("redirect_uri", nearMiss)));
        }

        @Test
        void missingRedirectUriWhenSeveralAreRegisteredShowsAnErrorPage() {
            var request =
                    Browser.codeRequest(MULTI, Fixtures.REDIRECT_URI, "openid").without("redirect_uri");
            assertErrorPage(authorize(request));
        }

        @Test
        void duplicateParameterShowsAnErrorPage() {
            var reply = server.http.get("/authorize?" + Http.form(request().params()) + "&state=second");
            assertErrorPage(reply);
        }

        @Test
        void duplicateClientIdShowsAnErrorPageEvenWithTheSameValue() {
            var reply = server.http.get("/authorize?" + Http.form(request().params()) + "&client_id=" + WEB);
            assertErrorPage(reply);
        }

        @Test
        void duplicateParameterInAPostedFormShowsAnErrorPage() {
            var reply = server.http.post(
                    "/authorize",
                    "application/x-www-form-urlencoded",
                    Http.form(request().params()) + "&scope=api");
            assertErrorPage(reply);
        }

        @Test
        void disabledClientShowsAnErrorPage() {
            server.register(Fixtures.webClient("disabled-app").status(ClientStatus.DISABLED), Optional.of("s"));
            assertErrorPage(authorize(Browser.codeRequest("disabled-app", Fixtures.REDIRECT_URI, "openid")));
        }

        @Test
        void errorPageCannotBeFramedOrCached() {
            var reply = authorize(request().with("client_id", "nobody"));
            assertThat(reply.header("X-Frame-Options")).contains("DENY");
            assertThat(reply.header("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }
    }

    @Nested
    class Rfc6749Section4_1_2_1_RedirectedErrors {
        @Test
        void unsupportedResponseTypeIsRedirected() {
            var request = request().with("response_type", "token");
            assertErrorRedirect(authorize(request), request, "unsupported_response_type");
        }

        @Test
        void missingResponseTypeIsRedirectedAsInvalidRequest() {
            var request = request().without("response_type");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void malformedScopeIsRedirectedAsInvalidScope() {
            var request = request().with("scope", "openid bad\"scope");
            assertErrorRedirect(authorize(request), request, "invalid_scope");
        }

        @Test
        void unknownScopeIsRedirectedAsInvalidScope() {
            var request = request().with("scope", "openid no-such-scope");
            assertErrorRedirect(authorize(request), request, "invalid_scope");
        }

        @Test
        void scopeBeyondTheClientsIsRedirectedAsInvalidScope() {
            var request = Browser.codeRequest(SPA, "http://127.0.0.1:9999/callback", "openid email");
            var reply = authorize(request);
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().toString()).startsWith("http://127.0.0.1:9999/callback?");
            var query = Browser.query(reply.location());
            assertThat(query).containsEntry("error", "invalid_scope");
            assertThat(query).containsEntry("state", request.params().get("state"));
            assertThat(query).containsEntry("iss", server.issuer());
        }

        @Test
        void clientWithoutTheAuthorizationCodeGrantIsRedirectedAsUnauthorizedClient() {
            var request = Browser.codeRequest(MACHINE, Fixtures.REDIRECT_URI, "api");
            assertErrorRedirect(authorize(request), request, "unauthorized_client");
        }

        @Test
        void malformedMaxAgeIsRedirectedAsInvalidRequest() {
            var request = request().with("max_age", "-5");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void stateWithReservedCharactersComesBackUnchanged() {
            var request = request().with("state", "a b&c=d/é?+%").with("response_type", "token");
            var query = assertErrorRedirect(authorize(request), request, "unsupported_response_type");
            assertThat(query.get("state")).isEqualTo("a b&c=d/é?+%");
        }

        @Test
        void errorRedirectKeepsTheQueryOfTheRegisteredRedirectUri() {
            var request = Browser.codeRequest(TENANT, TENANT_REDIRECT, "openid").with("response_type", "token");
            var reply = authorize(request);
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().toString()).startsWith(TENANT_REDIRECT + "&");
            assertThat(Browser.query(reply.location()))
                    .containsEntry("tenant", "acme")
                    .containsEntry("error", "unsupported_response_type");
        }
    }

    @Nested
    class Rfc7636 {
        @Test
        void publicClientWithoutPkceIsRedirectedAsInvalidRequest() {
            var request = Browser.codeRequest(SPA, "http://127.0.0.1:9999/callback", "openid")
                    .without("code_challenge")
                    .without("code_challenge_method");
            var reply = authorize(request);
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().toString()).startsWith("http://127.0.0.1:9999/callback?");
            assertThat(Browser.query(reply.location()))
                    .containsEntry("error", "invalid_request")
                    .containsEntry("state", request.params().get("state"))
                    .containsEntry("iss", server.issuer());
        }

        @Test
        void plainChallengeMethodIsRedirectedAsInvalidRequest() {
            var request = request().with("code_challenge_method", "plain");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        /** RFC 7636 §4.3 defaults a missing method to {@code plain}, which Rescind refuses. */
        @Test
        void missingChallengeMethodIsRedirectedAsInvalidRequest() {
            var request = request().without("code_challenge_method");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void malformedChallengeIsRedirectedAsInvalidRequest() {
            var request = request().with("code_challenge", "too-short");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void challengeMethodWithoutChallengeIsRedirectedAsInvalidRequest() {
            var request = request().without("code_challenge");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void confidentialClientMayOmitPkce() {
            var request = request().without("code_challenge").without("code_challenge_method");
            var reply = authorize(request);
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().getPath()).isEqualTo("/login");
        }
    }

    @Nested
    class OidcCoreSection3_1_2_1 {
        @Test
        void unknownPromptValueIsRedirectedAsInvalidRequest() {
            var request = request().with("prompt", "sometimes");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void promptNoneCombinedWithLoginIsRedirectedAsInvalidRequest() {
            var request = request().with("prompt", "none login");
            assertErrorRedirect(authorize(request), request, "invalid_request");
        }

        @Test
        void requestObjectIsRedirectedAsRequestNotSupported() {
            var request = request().with("request", "eyJhbGciOiJub25lIn0.e30.");
            assertErrorRedirect(authorize(request), request, "request_not_supported");
        }

        @Test
        void requestUriIsRedirectedAsRequestUriNotSupported() {
            var request = request().with("request_uri", "https://app.example.com/request.jwt");
            assertErrorRedirect(authorize(request), request, "request_uri_not_supported");
        }

        @ParameterizedTest
        @ValueSource(strings = {"fragment", "form_post", "query.jwt"})
        void responseModeOtherThanQueryIsRedirectedAsInvalidRequest(String mode) {
            var request = request().with("response_mode", mode);
            var query = assertErrorRedirect(authorize(request), request, "invalid_request");
            assertThat(query.get("error_description")).contains("response_mode");
        }

        @Test
        void responseModeQueryIsAccepted() {
            var reply = authorize(request().with("response_mode", "query"));
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().getPath()).isEqualTo("/login");
        }
    }

    @Nested
    class Rfc8707 {
        @Test
        void resourceThatIsNotAnAudienceIsRedirectedAsInvalidTarget() {
            var request = request().with("resource", "https://elsewhere.example.com");
            assertErrorRedirect(authorize(request), request, "invalid_target");
        }

        @Test
        void resourceWithAFragmentIsRedirectedAsInvalidTarget() {
            var request = request().with("resource", API + "#part");
            assertErrorRedirect(authorize(request), request, "invalid_target");
        }

        @Test
        void configuredAudienceIsAccepted() {
            var reply = authorize(request().with("resource", API));
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().getPath()).isEqualTo("/login");
        }
    }

    @Nested
    class Rfc6749Section4_1_2_Success {
        @Test
        void validRequestWithoutSessionRedirectsToTheLoginPage() {
            var reply = authorize(request());
            assertThat(reply.status()).isEqualTo(302);
            URI location = reply.location();
            assertThat(location.toString()).startsWith(server.issuer() + "/login?tx=");
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }

        @Test
        void afterLoginRedirectsToTheClientWithCodeStateAndIss() {
            var request = request();
            var reply = new Browser(server.http).authorizeAndLogin(request.params(), USER, PASSWORD);
            assertThat(reply.status()).as(reply.body()).isIn(302, 303);
            assertThat(reply.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?");
            Map<String, String> query = Browser.query(reply.location());
            assertThat(query.get("code")).isNotBlank();
            assertThat(query).containsEntry("state", request.params().get("state"));
            assertThat(query).containsEntry("iss", server.issuer());
            assertThat(query).doesNotContainKey("error");
        }

        @Test
        void redirectUriMayBeOmittedInAnOAuthRequestWhenExactlyOneIsRegistered() {
            var request = request().with("scope", "api").without("redirect_uri");
            var reply = new Browser(server.http).authorizeAndLogin(request.params(), USER, PASSWORD);
            assertThat(reply.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?code=");
        }

        @Test
        void anOpenIdConnectRequestWithoutRedirectUriIsRedirectedWithInvalidRequest() {
            // OIDC Core §3.1.2.1 requires it; the single registered URI is trusted, so the error can go there.
            var request = request().without("redirect_uri");
            var reply = new Browser(server.http).authorize(request.params());
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?");
            assertThat(Browser.query(reply.location())).containsEntry("error", "invalid_request");
        }

        @Test
        void redirectUriWithItsOwnQueryKeepsIt() {
            var request = Browser.codeRequest(TENANT, TENANT_REDIRECT, "openid");
            var reply = new Browser(server.http).authorizeAndLogin(request.params(), USER, PASSWORD);
            assertThat(reply.location().toString()).startsWith(TENANT_REDIRECT + "&code=");
            assertThat(Browser.query(reply.location()))
                    .containsEntry("tenant", "acme")
                    .containsEntry("state", request.params().get("state"))
                    .containsEntry("iss", server.issuer())
                    .containsKey("code");
        }

        @Test
        void secondOfSeveralRegisteredRedirectUrisIsUsedWhenAskedFor() {
            var request = Browser.codeRequest(MULTI, "https://app.example.com/other", "openid");
            var reply = new Browser(server.http).authorizeAndLogin(request.params(), USER, PASSWORD);
            assertThat(reply.location().toString()).startsWith("https://app.example.com/other?code=");
        }

        @Test
        void postedFormStartsTheLoginLikeGet() {
            var browser = new Browser(server.http);
            var reply = browser.postForm("/authorize", request().params());
            assertThat(reply.status()).as(reply.body()).isEqualTo(302);
            assertThat(reply.location().toString()).startsWith(server.issuer() + "/login?tx=");
        }

        @Test
        void postedFormEndsWithACodeLikeGet() {
            var browser = new Browser(server.http);
            var request = request();
            var first = browser.postForm("/authorize", request.params());
            var back = browser.submitLogin(browser.openLogin(first.location()), USER, PASSWORD);
            assertThat(back.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?");
            assertThat(Browser.query(back.location()))
                    .containsKey("code")
                    .containsEntry("state", request.params().get("state"))
                    .containsEntry("iss", server.issuer());
        }

        @Test
        void postedFormErrorsAreRedirectedLikeGet() {
            var request = request().with("response_type", "token");
            var reply = new Browser(server.http).postForm("/authorize", request.params());
            assertErrorRedirect(reply, request, "unsupported_response_type");
        }

        @Test
        void postedFormWithAnotherContentTypeShowsAnErrorPage() {
            var reply = server.http.post(
                    "/authorize", "text/plain", Http.form(request().params()));
            assertErrorPage(reply);
        }
    }
}
