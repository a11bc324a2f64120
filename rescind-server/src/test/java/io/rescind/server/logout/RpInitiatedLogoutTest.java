package io.rescind.server.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTParser;
import io.rescind.core.feature.Feature;
import io.rescind.core.token.IdTokens;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.user.User;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.OwnTokens;
import io.rescind.server.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /end_session}: OpenID Connect RP-Initiated Logout 1.0, over real HTTP. */
class RpInitiatedLogoutTest {
    static final String PASSWORD = "a long enough password";
    static final String CLIENT = "logout-app";
    static final String OTHER_CLIENT = "other-logout-app";
    static final String AFTER_LOGOUT = "https://app.example.com/signed-out";
    static final Pattern HIDDEN = Pattern.compile("name=\"(logout_request|csrf)\" value=\"([^\"]*)\"");
    static final String DISCOVERY = "/.well-known/openid-configuration";
    static final AtomicInteger USERS = new AtomicInteger();

    static TestServer server;
    static TestServer.RegisteredClient client;
    static TestServer.RegisteredClient otherClient;

    @BeforeAll
    static void start() {
        // Sessions outlive an ID token here, so an expired hint can still name a live session.
        server = TestServer.start(Map.of("session_idle_timeout", "36000"));
        client = server.confidentialClient(CLIENT, b -> b.postLogoutRedirectUris(List.of(URI.create(AFTER_LOGOUT))));
        otherClient = server.confidentialClient(
                OTHER_CLIENT, b -> b.postLogoutRedirectUris(List.of(URI.create("https://other.example.com/bye"))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A browser where a new user logged in to {@link #CLIENT}, with the tokens of that login. */
    record LoggedIn(User user, Browser browser, JsonNode tokens, Map<String, String> cookies) {
        String idToken() {
            return tokens.path("id_token").asText();
        }

        String sid() throws Exception {
            return JWTParser.parse(idToken()).getJWTClaimsSet().getStringClaim("sid");
        }
    }

    static LoggedIn logIn() {
        return logIn(server, client);
    }

    static LoggedIn logIn(TestServer on, TestServer.RegisteredClient to) {
        User user = on.user("logout-user" + USERS.incrementAndGet(), PASSWORD);
        var browser = new Browser(on.http);
        JsonNode tokens = Flows.codeFlow(on, browser, to, user.uid().value(), PASSWORD, "openid");
        return new LoggedIn(user, browser, tokens, Map.copyOf(browser.cookies()));
    }

    static Http.Reply endSession(Browser browser, String... params) {
        return browser.get("/end_session?" + Http.form(Http.params(params)));
    }

    /** Whether a browser with these cookies is still signed in: /authorize issues a code without a login. */
    static boolean signedIn(Map<String, String> cookies) {
        return signedIn(server, cookies);
    }

    static boolean signedIn(TestServer on, Map<String, String> cookies) {
        var browser = new Browser(on.http);
        browser.cookies().putAll(cookies);
        var request = Browser.codeRequest(CLIENT, Fixtures.REDIRECT_URI, "openid");
        Http.Reply reply = browser.authorize(request.params());
        assertThat(reply.status()).as(reply.body()).isEqualTo(302);
        return Browser.query(reply.location()).containsKey("code");
    }

    static void assertRefusedWithoutRedirect(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    /** The hidden fields of a confirmation page. */
    static Map<String, String> confirmationForm(Http.Reply page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        assertThat(fields).as(page.body()).containsKeys("logout_request", "csrf");
        return fields;
    }

    @Nested
    class HintNamingTheCurrentSession {
        @Test
        void endsTheSessionSoItsCookieNoLongerSkipsTheLogin() {
            var login = logIn();

            Http.Reply reply = endSession(login.browser(), "id_token_hint", login.idToken());

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(signedIn(login.cookies())).isFalse();
        }

        @Test
        void theUsersSessionInAnotherBrowserSurvives() {
            var login = logIn();
            var elsewhere = new Browser(server.http);
            Flows.codeFlow(server, elsewhere, client, login.user().uid().value(), PASSWORD, "openid");

            endSession(login.browser(), "id_token_hint", login.idToken());

            assertThat(signedIn(elsewhere.cookies())).isTrue();
        }

        @Test
        void clearsTheSessionCookie() {
            var login = logIn();

            Http.Reply reply = endSession(login.browser(), "id_token_hint", login.idToken());

            assertThat(reply.headers("Set-Cookie"))
                    .anySatisfy(
                            c -> assertThat(c).startsWith("rescind_session=;").contains("Max-Age=0"));
            assertThat(login.browser().cookies()).doesNotContainKey("rescind_session");
        }

        @Test
        void showsTheSignedOutPageWhenNoRedirectWasAsked() {
            var login = logIn();

            Http.Reply reply = endSession(login.browser(), "id_token_hint", login.idToken());

            assertThat(reply.body()).contains("You are signed out");
            assertThat(reply.header("Location")).isEmpty();
        }

        @Test
        void revokesTheRefreshTokenOfTheSessionsOnlineGrant() {
            var login = logIn();

            endSession(login.browser(), "id_token_hint", login.idToken());

            Http.Reply refresh = Flows.refresh(
                    server, client, login.tokens().path("refresh_token").asText());
            assertThat(refresh.status()).as(refresh.body()).isEqualTo(400);
            assertThat(refresh.error()).isEqualTo("invalid_grant");
        }

        @Test
        void revokesTheAccessTokenOfTheSessionsOnlineGrant() {
            var login = logIn();

            endSession(login.browser(), "id_token_hint", login.idToken());

            JsonNode introspection = Flows.introspect(
                            server, client, login.tokens().path("access_token").asText())
                    .json();
            assertThat(introspection.size()).isEqualTo(1);
            assertThat(introspection.path("active").asBoolean(true)).isFalse();
        }

        @Test
        void keepsAnOfflineAccessGrantOfTheSameSession() {
            var login = logIn();
            JsonNode offline =
                    Flows.codeFlow(server, login.browser(), client, "unused", "unused", "openid offline_access");

            endSession(login.browser(), "id_token_hint", login.idToken());

            Http.Reply refresh =
                    Flows.refresh(server, client, offline.path("refresh_token").asText());
            assertThat(refresh.status()).as(refresh.body()).isEqualTo(200);
        }

        @Test
        void redirectsToTheRegisteredUriWithState() {
            var login = logIn();

            Http.Reply reply = endSession(
                    login.browser(),
                    "id_token_hint",
                    login.idToken(),
                    "post_logout_redirect_uri",
                    AFTER_LOGOUT,
                    "state",
                    "af0ifjsldkj");

            assertThat(reply.status()).as(reply.body()).isEqualTo(302);
            assertThat(reply.location()).isEqualTo(URI.create(AFTER_LOGOUT + "?state=af0ifjsldkj"));
            assertThat(signedIn(login.cookies())).isFalse();
        }

        @Test
        void anExpiredHintIsStillAccepted() {
            var login = logIn();
            server.clock.advance(IdTokens.TTL.plusMinutes(1));

            Http.Reply reply = endSession(
                    login.browser(), "id_token_hint", login.idToken(), "post_logout_redirect_uri", AFTER_LOGOUT);

            assertThat(reply.status()).as(reply.body()).isEqualTo(302);
            assertThat(signedIn(login.cookies())).isFalse();
        }

        @Test
        void aPostEndsTheSessionLikeAGetAndRedirectsWith303() {
            var login = logIn();

            Http.Reply reply = login.browser()
                    .postForm(
                            "/end_session",
                            Http.params(
                                    "id_token_hint",
                                    login.idToken(),
                                    "post_logout_redirect_uri",
                                    AFTER_LOGOUT,
                                    "state",
                                    "s1"));

            assertThat(reply.status()).as(reply.body()).isEqualTo(303);
            assertThat(reply.location()).isEqualTo(URI.create(AFTER_LOGOUT + "?state=s1"));
            assertThat(signedIn(login.cookies())).isFalse();
        }
    }

    @Nested
    class PostLogoutRedirectUri {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "https://evil.example.com/",
                    AFTER_LOGOUT + "/",
                    AFTER_LOGOUT + "?x=1",
                    "https://APP.example.com/signed-out",
                    "https://other.example.com/bye"
                })
        void aUriNotRegisteredExactlyForTheClientIsRefusedAndEndsNothing(String uri) {
            var login = logIn();

            Http.Reply reply =
                    endSession(login.browser(), "id_token_hint", login.idToken(), "post_logout_redirect_uri", uri);

            assertRefusedWithoutRedirect(reply);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void aUriWithoutAnyIdentifiedClientIsRefused() {
            var login = logIn();

            assertRefusedWithoutRedirect(endSession(login.browser(), "post_logout_redirect_uri", AFTER_LOGOUT));
        }

        @Test
        void withoutASessionTheBrowserIsRedirectedAtOnce() {
            Http.Reply reply = endSession(
                    new Browser(server.http),
                    "client_id",
                    CLIENT,
                    "post_logout_redirect_uri",
                    AFTER_LOGOUT,
                    "state",
                    "s2");

            assertThat(reply.status()).as(reply.body()).isEqualTo(302);
            assertThat(reply.location()).isEqualTo(URI.create(AFTER_LOGOUT + "?state=s2"));
        }
    }

    @Nested
    class RequestValidation {
        @Test
        void aClientIdThatIsNotTheHintsAudienceIsRefused() {
            var login = logIn();

            Http.Reply reply = endSession(login.browser(), "id_token_hint", login.idToken(), "client_id", OTHER_CLIENT);

            assertRefusedWithoutRedirect(reply);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void aForgedHintIsRefused() {
            var login = logIn();
            String token = login.idToken();
            int signature = token.lastIndexOf('.') + 1;
            String forged = token.substring(0, signature)
                    + (token.charAt(signature) == 'A' ? 'B' : 'A')
                    + token.substring(signature + 1);

            assertRefusedWithoutRedirect(endSession(login.browser(), "id_token_hint", forged));
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void anUnsignedHintIsRefused() {
            var login = logIn();
            String unsigned = OwnTokens.unsigned(login.idToken());

            assertRefusedWithoutRedirect(endSession(login.browser(), "id_token_hint", unsigned));
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void anAccessTokenIsNotAnIdTokenHint() {
            var login = logIn();

            Http.Reply reply = endSession(
                    login.browser(),
                    "id_token_hint",
                    login.tokens().path("access_token").asText());

            assertRefusedWithoutRedirect(reply);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        /**
         * Only the typ differs: the ID token's claims, signed again by the server's key, are refused under
         * {@code at+jwt} and end the session under the ID token's own {@code typ}.
         */
        @Test
        void anIdTokenTypedAsAnAccessTokenIsNotAnIdTokenHint() {
            var login = logIn();
            String asAccessToken = OwnTokens.resigned(server, login.idToken(), TokenTypes.ACCESS_TOKEN, b -> b);

            assertRefusedWithoutRedirect(endSession(login.browser(), "id_token_hint", asAccessToken));
            assertThat(signedIn(login.cookies())).isTrue();

            String asIdToken = OwnTokens.resigned(server, login.idToken(), TokenTypes.ID_TOKEN, b -> b);
            Http.Reply reply = endSession(login.browser(), "id_token_hint", asIdToken);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(signedIn(login.cookies())).isFalse();
        }

        @Test
        void aRepeatedParameterIsRefused() {
            var login = logIn();

            Http.Reply reply = login.browser()
                    .get("/end_session?id_token_hint=" + login.idToken() + "&id_token_hint=" + login.idToken());

            assertRefusedWithoutRedirect(reply);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-a-jwt", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "%00"})
        void aMalformedHintIsRefused(String hint) {
            var login = logIn();

            Http.Reply reply = login.browser().get("/end_session?id_token_hint=" + hint);

            assertRefusedWithoutRedirect(reply);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        /** A form is the only body: anything else is a client error, never a 500 and never a logout. */
        @ParameterizedTest
        @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data; boundary=x"})
        void aBodyThatIsNotAFormIsRefused(String contentType) {
            var login = logIn();

            Http.Reply reply = server.http.post(
                    "/end_session",
                    contentType,
                    "{\"id_token_hint\":\"" + login.idToken() + "\"}",
                    "Cookie",
                    "rescind_session=" + login.cookies().get("rescind_session"));

            assertThat(reply.status()).as(reply.body()).isBetween(400, 415);
            assertThat(reply.body()).doesNotContain("Exception");
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void anOversizedBodyIs413() {
            var login = logIn();

            Http.Reply reply = server.http.post(
                    "/end_session",
                    "application/x-www-form-urlencoded",
                    "id_token_hint=" + "A".repeat(70_000),
                    "Cookie",
                    "rescind_session=" + login.cookies().get("rescind_session"));

            assertThat(reply.status()).as(reply.body()).isEqualTo(413);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void anOversizedQueryIsAClientError() {
            var login = logIn();

            Http.Reply reply = login.browser().get("/end_session?id_token_hint=" + "A".repeat(20_000));

            assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
            assertThat(signedIn(login.cookies())).isTrue();
        }
    }

    @Nested
    class UserConfirmation {
        @Test
        void withoutAHintTheUserIsAskedAndTheSessionSurvives() {
            var login = logIn();

            confirmationForm(endSession(login.browser(), "client_id", CLIENT));

            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void aHintOfAnotherUserIsAskedAboutAndEndsNeitherSession() {
            var login = logIn();
            var other = logIn();

            confirmationForm(endSession(login.browser(), "id_token_hint", other.idToken()));

            assertThat(signedIn(login.cookies())).isTrue();
            assertThat(signedIn(other.cookies())).isTrue();
        }

        @Test
        void theConfirmationPageCannotBeFramedCachedOrScripted() {
            var login = logIn();

            Http.Reply page = endSession(login.browser(), "client_id", CLIENT);

            assertThat(page.header("Content-Security-Policy"))
                    .hasValueSatisfying(csp ->
                            assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'none'"));
            assertThat(page.header("X-Frame-Options")).contains("DENY");
            assertThat(page.header("Cache-Control")).contains("no-store");
            assertThat(page.header("Referrer-Policy")).contains("no-referrer");
        }

        @Test
        void theConfirmedPostEndsTheSessionAndRedirectsToTheValidatedUri() {
            var login = logIn();
            var form = confirmationForm(endSession(
                    login.browser(), "client_id", CLIENT, "post_logout_redirect_uri", AFTER_LOGOUT, "state", "s3"));

            Http.Reply reply = login.browser().postForm("/end_session", form);

            assertThat(reply.status()).as(reply.body()).isEqualTo(303);
            assertThat(reply.location()).isEqualTo(URI.create(AFTER_LOGOUT + "?state=s3"));
            assertThat(signedIn(login.cookies())).isFalse();
        }

        @Test
        void aConfirmationWithoutTheCsrfTokenEndsNothing() {
            var login = logIn();
            var form = new LinkedHashMap<>(confirmationForm(endSession(login.browser(), "client_id", CLIENT)));
            form.remove("csrf");

            Http.Reply reply = login.browser().postForm("/end_session", form);

            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void theConfirmationFormOfAnotherBrowserEndsNothing() {
            var login = logIn();
            var victim = logIn();
            var form = confirmationForm(endSession(login.browser(), "client_id", CLIENT));

            Http.Reply reply = victim.browser().postForm("/end_session", form);

            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(signedIn(victim.cookies())).isTrue();
            assertThat(signedIn(login.cookies())).isTrue();
        }

        @Test
        void aLogoutHintNamingAnotherUserNeverEndsTheirSession() {
            var login = logIn();
            var other = logIn();
            var form = confirmationForm(endSession(
                    login.browser(),
                    "client_id",
                    CLIENT,
                    "logout_hint",
                    other.user().uid().value()));

            login.browser().postForm("/end_session", form);

            assertThat(signedIn(other.cookies())).isTrue();
            assertThat(signedIn(login.cookies())).isFalse();
        }
    }

    @Nested
    class FeatureFlag {
        @Test
        void disabledTheEndpointAnswers403AccessDeniedAndEndsNothing() {
            try (var own = TestServer.start()) {
                var login = logIn(own, own.confidentialClient(CLIENT));
                disable(own);

                Http.Reply reply = endSession(login.browser(), "id_token_hint", login.idToken());

                assertThat(reply.status()).as(reply.body()).isEqualTo(403);
                assertThat(reply.error()).isEqualTo("access_denied");
                assertThat(signedIn(own, login.cookies())).isTrue();
            }
        }

        @Test
        void discoveryAdvertisesTheEndpointOnlyWhileItIsEnabled() {
            try (var own = TestServer.start()) {
                assertThat(own.http
                                .get(DISCOVERY)
                                .json()
                                .path("end_session_endpoint")
                                .asText())
                        .isEqualTo(own.issuer() + "/end_session");

                disable(own);

                assertThat(own.http.get(DISCOVERY).json().has("end_session_endpoint"))
                        .isFalse();
            }
        }

        /** Disables the flag and waits until the server, told by the store's change notice, stops advertising it. */
        static void disable(TestServer own) {
            own.store.features().set(Feature.END_SESSION, Feature.State.DISABLED);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !own.http.get(DISCOVERY).json().has("end_session_endpoint"));
        }
    }
}
