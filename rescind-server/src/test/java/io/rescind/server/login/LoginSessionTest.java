package io.rescind.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTParser;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Login sessions at {@code /authorize}: reuse, {@code prompt}, {@code max_age} (OIDC Core §3.1.2.1), lifetimes. */
class LoginSessionTest {
    static final String CLIENT = "session-app";
    static final String PASSWORD = "a long enough password";
    static final Duration IDLE = Duration.ofMinutes(10);
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    static final AtomicInteger USERS = new AtomicInteger();

    static TestServer server;
    static TestServer.RegisteredClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "session_idle_timeout", String.valueOf(IDLE.toSeconds()),
                "session_max_lifetime", String.valueOf(MAX_LIFETIME.toSeconds())));
        client = server.confidentialClient(CLIENT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static User newUser() {
        return server.user("user" + USERS.incrementAndGet(), PASSWORD);
    }

    static Browser.CodeRequest request() {
        return Browser.codeRequest(CLIENT, Fixtures.REDIRECT_URI, "openid");
    }

    /** A browser holding a live session of a new user. */
    static Browser loggedIn(User user) {
        var browser = new Browser(server.http);
        var back = browser.authorizeAndLogin(request().params(), user.uid().value(), PASSWORD);
        assertThat(Browser.query(back.location())).containsKey("code");
        assertThat(browser.cookies()).containsKey("rescind_session");
        return browser;
    }

    static void assertCodeWithoutLogin(Http.Reply reply, Browser.CodeRequest request) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(302);
        assertThat(reply.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?");
        assertThat(Browser.query(reply.location()))
                .containsKey("code")
                .containsEntry("state", request.params().get("state"))
                .containsEntry("iss", server.issuer());
    }

    static void assertLoginAsked(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(302);
        assertThat(reply.location().toString()).startsWith(server.issuer() + "/login?tx=");
    }

    static void assertLoginRequired(Http.Reply reply, Browser.CodeRequest request) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(302);
        assertThat(reply.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?");
        assertThat(Browser.query(reply.location()))
                .containsEntry("error", "login_required")
                .containsEntry("state", request.params().get("state"))
                .containsEntry("iss", server.issuer())
                .doesNotContainKey("code");
    }

    @Nested
    class SessionReuse {
        @Test
        void secondAuthorizationWithTheSessionSkipsTheLogin() {
            var browser = loggedIn(newUser());
            var request = request();
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }

        @Test
        void sessionOfOneBrowserIsNotSharedWithAnother() {
            loggedIn(newUser());
            assertLoginAsked(new Browser(server.http).authorize(request().params()));
        }

        @Test
        void unknownSessionCookieAsksForLogin() {
            var browser = new Browser(server.http);
            browser.cookies().put("rescind_session", "rsc_ss_forged");
            assertLoginAsked(browser.authorize(request().params()));
        }
    }

    @Nested
    class OidcCorePromptLogin {
        @Test
        void promptLoginShowsTheLoginFormEvenWithASession() {
            var browser = loggedIn(newUser());
            assertLoginAsked(browser.authorize(request().with("prompt", "login").params()));
        }

        /** A browser holds one session, so choosing an account means logging in again. */
        @Test
        void promptSelectAccountShowsTheLoginFormEvenWithASession() {
            var browser = loggedIn(newUser());
            assertLoginAsked(
                    browser.authorize(request().with("prompt", "select_account").params()));
        }

        /** There is no consent screen: every client is registered by the operator. */
        @Test
        void promptConsentWithASessionIssuesACode() {
            var browser = loggedIn(newUser());
            var request = request().with("prompt", "consent");
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }
    }

    @Nested
    class OidcCorePromptNone {
        @Test
        void promptNoneWithoutASessionRedirectsWithLoginRequired() {
            var request = request().with("prompt", "none");
            assertLoginRequired(new Browser(server.http).authorize(request.params()), request);
        }

        @Test
        void promptNoneWithASessionIssuesACode() {
            var browser = loggedIn(newUser());
            var request = request().with("prompt", "none");
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }

        @Test
        void promptNoneWithoutASessionStartsNoLoginTransaction() {
            var browser = new Browser(server.http);
            browser.authorize(request().with("prompt", "none").params());
            assertThat(browser.cookies()).doesNotContainKey("rescind_login");
        }
    }

    @Nested
    class OidcCoreMaxAge {
        @Test
        void sessionYoungerThanMaxAgeIssuesACode() {
            var browser = loggedIn(newUser());
            server.clock.advance(Duration.ofSeconds(100));
            var request = request().with("max_age", "300");
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }

        @Test
        void theLargestMaxAgeIsAnOrdinaryValueNotAnOverflow() {
            var browser = loggedIn(newUser());
            var request = request().with("max_age", Long.toString(Long.MAX_VALUE));
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }

        @Test
        void sessionOlderThanMaxAgeAsksForLoginAgain() {
            var browser = loggedIn(newUser());
            server.clock.advance(Duration.ofSeconds(301));
            assertLoginAsked(browser.authorize(request().with("max_age", "300").params()));
        }

        @Test
        void sessionOlderThanMaxAgeWithPromptNoneRedirectsWithLoginRequired() {
            var browser = loggedIn(newUser());
            server.clock.advance(Duration.ofSeconds(301));
            var request = request().with("max_age", "300").with("prompt", "none");
            assertLoginRequired(browser.authorize(request.params()), request);
        }

        /** OIDC Core §3.1.2.1: "max_age=0 is equivalent to prompt=login", however little time has passed. */
        @Test
        void maxAgeZeroAsksForLoginEvenRightAfterOne() {
            // On a whole microsecond (the store's precision) the stored auth_time is exactly "now": no time has passed.
            server.clock.advance(Duration.ofNanos(1000 - server.clock.instant().getNano() % 1000));
            var browser = loggedIn(newUser());
            assertLoginAsked(browser.authorize(request().with("max_age", "0").params()));
        }

        @Test
        void loginAskedByMaxAgeEndsWithACode() {
            var user = newUser();
            var browser = loggedIn(user);
            server.clock.advance(Duration.ofSeconds(301));
            var request = request().with("max_age", "300");
            var back = browser.authorizeAndLogin(request.params(), user.uid().value(), PASSWORD);
            assertThat(Browser.query(back.location()))
                    .containsKey("code")
                    .containsEntry("state", request.params().get("state"));
        }
    }

    @Nested
    class Lifetimes {
        @Test
        void sessionUsedWithinTheIdleTimeoutLives() {
            var browser = loggedIn(newUser());
            server.clock.advance(IDLE.minusSeconds(5));
            var request = request();
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }

        @Test
        void sessionIdleLongerThanTheIdleTimeoutEnds() {
            var browser = loggedIn(newUser());
            server.clock.advance(IDLE.plusSeconds(1));
            assertLoginAsked(browser.authorize(request().params()));
        }

        @Test
        void sessionEndsAtItsAbsoluteLifetimeEvenWhenKeptBusy() {
            var browser = loggedIn(newUser());
            Duration step = IDLE.minusMinutes(1);
            Duration elapsed = Duration.ZERO;
            while (elapsed.plus(step).compareTo(MAX_LIFETIME) < 0) {
                server.clock.advance(step);
                elapsed = elapsed.plus(step);
                var request = request();
                assertCodeWithoutLogin(browser.authorize(request.params()), request);
            }
            server.clock.advance(step);
            assertLoginAsked(browser.authorize(request().params()));
        }
    }

    @Nested
    class SessionFixation {
        @Test
        void everyLoginGetsAFreshSessionCookie() {
            var user = newUser();
            var browser = loggedIn(user);
            String first = browser.cookies().get("rescind_session");
            browser.authorizeAndLogin(
                    request().with("prompt", "login").params(), user.uid().value(), PASSWORD);
            assertThat(browser.cookies().get("rescind_session")).isNotBlank().isNotEqualTo(first);
        }

        @Test
        void cookieOfTheReplacedSessionNoLongerWorks() {
            var user = newUser();
            var browser = loggedIn(user);
            String first = browser.cookies().get("rescind_session");
            browser.authorizeAndLogin(
                    request().with("prompt", "login").params(), user.uid().value(), PASSWORD);
            var stale = new Browser(server.http);
            stale.cookies().put("rescind_session", first);
            assertLoginAsked(stale.authorize(request().params()));
        }

        @Test
        void cookieOfTheNewSessionWorks() {
            var user = newUser();
            var browser = loggedIn(user);
            browser.authorizeAndLogin(
                    request().with("prompt", "login").params(), user.uid().value(), PASSWORD);
            var request = request();
            assertCodeWithoutLogin(browser.authorize(request.params()), request);
        }
    }

    /**
     * A login in a browser that already holds a session: the same user keeps the session (its {@code sid} and the
     * grants bound to it) under a fresh cookie; another user ends it first, as {@code /end_session} would.
     */
    @Nested
    class LoginOverASession {
        Flows.LoggedIn loginAgain(Browser browser, User user) {
            return Flows.login(server, browser, client, user.uid().value(), PASSWORD, "openid");
        }

        static String sid(Flows.LoggedIn login) throws Exception {
            return JWTParser.parse(login.tokens().path("id_token").asText())
                    .getJWTClaimsSet()
                    .getStringClaim("sid");
        }

        Flows.LoggedIn withPromptLogin(Flows.LoggedIn earlier, User user) {
            var request = request().with("prompt", "login");
            Http.Reply back = earlier.browser()
                    .authorizeAndLogin(request.params(), user.uid().value(), PASSWORD);
            String code = Browser.query(back.location()).get("code");
            Http.Reply tokens = Flows.exchange(server, client, code, request.verifier());
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            return new Flows.LoggedIn(earlier.browser(), tokens.json());
        }

        @Test
        void theSameUserKeepsTheSessionAndItsGrants() throws Exception {
            var user = newUser();
            var earlier = loginAgain(new Browser(server.http), user);

            var later = withPromptLogin(earlier, user);

            assertThat(sid(later)).isEqualTo(sid(earlier));
            assertThat(Flows.active(server, client, earlier.accessToken())).isTrue();
            assertThat(Flows.refresh(server, client, earlier.refreshToken()).status())
                    .isEqualTo(200);
        }

        @Test
        void anotherUserEndsTheEarlierSessionAndTheGrantsBoundToIt() throws Exception {
            var earlier = loginAgain(new Browser(server.http), newUser());

            var later = withPromptLogin(earlier, newUser());

            assertThat(sid(later)).isNotEqualTo(sid(earlier));
            assertThat(Flows.active(server, client, earlier.accessToken())).isFalse();
            Http.Reply refresh = Flows.refresh(server, client, earlier.refreshToken());
            assertThat(refresh.status()).isEqualTo(400);
            assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(Flows.active(server, client, later.accessToken())).isTrue();
        }
    }

    @Nested
    class DisabledUser {
        @Test
        void sessionOfADisabledUserIsNoLongerHonoured() {
            var user = newUser();
            var browser = loggedIn(user);
            server.store.users().save(user.withStatus(UserStatus.DISABLED));
            assertLoginAsked(browser.authorize(request().params()));
        }

        @Test
        void sessionOfADisabledUserDoesNotAnswerPromptNone() {
            var user = newUser();
            var browser = loggedIn(user);
            server.store.users().save(user.withStatus(UserStatus.DISABLED));
            var request = request().with("prompt", "none");
            assertLoginRequired(browser.authorize(request.params()), request);
        }
    }
}
