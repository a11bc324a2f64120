package io.rescind.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code GET|POST /login}: the server-side login transaction, its CSRF token bound to the pre-login cookie, password
 * checks and throttling, and the headers that protect the page.
 */
class LoginEndpointTest {
    static final String CLIENT = "login-app";
    static final String PASSWORD = "the right password";
    static final int MAX_FAILURES = 3;
    static final Duration TRANSACTION_TTL = Duration.ofMinutes(5);
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    static final AtomicInteger USERS = new AtomicInteger();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "login_max_failures_per_user", String.valueOf(MAX_FAILURES),
                // Every test logs in from 127.0.0.1: the per-address limit must not be what a test runs into.
                "login_max_failures_per_address", "10000",
                "login_failure_window", String.valueOf(FAILURE_WINDOW.toSeconds()),
                "login_transaction_ttl", String.valueOf(TRANSACTION_TTL.toSeconds())));
        server.confidentialClient(CLIENT);
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

    /** Starts an authorization in {@code browser} and opens its login form. */
    static Browser.LoginForm openForm(Browser browser, Browser.CodeRequest request) {
        var first = browser.authorize(request.params());
        assertThat(first.status()).isEqualTo(302);
        return browser.openLogin(first.location());
    }

    static Browser.LoginForm openForm(Browser browser) {
        return openForm(browser, request());
    }

    static Optional<String> setCookie(Http.Reply reply, String name) {
        return reply.headers("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst();
    }

    static void assertHtml(Http.Reply reply) {
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    }

    /** Refused: an HTML page, no session, no way back to the client. */
    static void assertRefused(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
        assertHtml(reply);
        assertThat(reply.header("Location")).isEmpty();
        assertThat(setCookie(reply, "rescind_session")).isEmpty();
        assertThat(reply.body()).doesNotContain("rsc_ac_");
    }

    static void assertExpiredPage(Http.Reply reply) {
        assertRefused(reply);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("Sign-in expired");
    }

    static void assertLoggedIn(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(303);
        assertThat(reply.location().toString()).startsWith(Fixtures.REDIRECT_URI + "?");
        assertThat(Browser.query(reply.location())).containsKey("code");
        assertThat(setCookie(reply, "rescind_session")).isPresent();
    }

    @Nested
    class PageHeaders {
        @Test
        void loginPageCannotBeFramed() {
            var page = openForm(new Browser(server.http)).page();
            assertThat(page.header("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(page.header("X-Frame-Options")).contains("DENY");
        }

        @Test
        void loginPageIsNeverCached() {
            var page = openForm(new Browser(server.http)).page();
            assertThat(page.header("Cache-Control")).contains("no-store");
        }

        @Test
        void loginPageRunsNoScript() {
            var page = openForm(new Browser(server.http)).page();
            assertThat(page.header("Content-Security-Policy"))
                    .hasValueSatisfying(csp ->
                            assertThat(csp).contains("default-src 'none'").doesNotContain("script-src"));
        }

        /** The form's URL carries the transaction handle: it must not leak to other sites. */
        @Test
        void loginPageSendsNoReferrer() {
            var page = openForm(new Browser(server.http)).page();
            assertThat(page.header("Referrer-Policy")).contains("no-referrer");
        }

        @Test
        void failedLoginPageHasTheSameProtections() {
            var browser = new Browser(server.http);
            var reply = browser.submitLogin(openForm(browser), newUser().uid().value(), "wrong");
            assertThat(reply.header("X-Frame-Options")).contains("DENY");
            assertThat(reply.header("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(reply.header("Cache-Control")).contains("no-store");
        }
    }

    @Nested
    class CookieAttributes {
        @Test
        void preLoginCookieIsHttpOnlySameSiteLaxForTheWholeSite() {
            var reply = new Browser(server.http).authorize(request().params());
            assertThat(setCookie(reply, "rescind_login"))
                    .hasValueSatisfying(cookie -> assertThat(cookie)
                            .contains("; HttpOnly")
                            .contains("; SameSite=Lax")
                            .contains("; Path=/")
                            .doesNotContain("Domain="));
        }

        @Test
        void sessionCookieIsHttpOnlySameSiteLaxForTheWholeSite() {
            var browser = new Browser(server.http);
            var reply = browser.submitLogin(openForm(browser), newUser().uid().value(), PASSWORD);
            assertThat(setCookie(reply, "rescind_session"))
                    .hasValueSatisfying(cookie -> assertThat(cookie)
                            .contains("; HttpOnly")
                            .contains("; SameSite=Lax")
                            .contains("; Path=/")
                            .doesNotContain("Domain="));
        }

        /** An http issuer is for development only: Secure and __Host- cookies would never come back over http. */
        @Test
        void httpIssuerSetsNeitherSecureNorTheHostPrefix() {
            var browser = new Browser(server.http);
            var reply = browser.submitLogin(openForm(browser), newUser().uid().value(), PASSWORD);
            assertThat(reply.headers("Set-Cookie"))
                    .isNotEmpty()
                    .allSatisfy(cookie ->
                            assertThat(cookie).doesNotContain("Secure").doesNotStartWith("__Host-"));
        }

        @Test
        void forgedPreLoginCookieIsReplacedByOneOfOurs() {
            var browser = new Browser(server.http);
            browser.cookies().put("rescind_login", "rsc_br_planted-by-someone-else");
            browser.authorize(request().params());
            assertThat(browser.cookies().get("rescind_login"))
                    .startsWith("rsc_br_")
                    .isNotEqualTo("rsc_br_planted-by-someone-else");
        }

        @Test
        void browserKeepsItsPreLoginCookieForASecondAuthorization() {
            var browser = new Browser(server.http);
            browser.authorize(request().params());
            String first = browser.cookies().get("rescind_login");
            browser.authorize(request().params());
            assertThat(browser.cookies().get("rescind_login")).isEqualTo(first);
        }
    }

    @Nested
    class Csrf {
        @Test
        void postWithoutThePreLoginCookieIsRefused() {
            var form = openForm(new Browser(server.http));
            var other = new Browser(server.http);
            assertRefused(other.submitLogin(form, newUser().uid().value(), PASSWORD));
        }

        @Test
        void postWithAnotherBrowsersCookieIsRefused() {
            var form = openForm(new Browser(server.http));
            var other = new Browser(server.http);
            openForm(other);
            assertThat(other.cookies()).containsKey("rescind_login");
            assertRefused(other.submitLogin(form, newUser().uid().value(), PASSWORD));
        }

        @Test
        void postWithTheCsrfTokenOfAnotherBrowsersFormIsRefused() {
            var browser = new Browser(server.http);
            var mine = openForm(browser);
            var theirs = openForm(new Browser(server.http));
            var reply = browser.submitLogin(
                    new Browser.LoginForm(mine.tx(), theirs.csrf(), mine.page()),
                    newUser().uid().value(),
                    PASSWORD);
            assertRefused(reply);
        }

        @Test
        void postWithAWrongCsrfTokenIsRefused() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var reply = browser.submitLogin(
                    new Browser.LoginForm(form.tx(), "not-the-token", form.page()),
                    newUser().uid().value(),
                    PASSWORD);
            assertRefused(reply);
            assertThat(reply.status()).isEqualTo(403);
        }

        @Test
        void postWithoutACsrfTokenIsRefused() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var reply = browser.postForm(
                    "/login",
                    Http.params("tx", form.tx(), "username", newUser().uid().value(), "password", PASSWORD));
            assertRefused(reply);
            assertThat(reply.status()).isEqualTo(403);
        }

        @Test
        void refusedPostLeavesTheFormUsableByItsOwnBrowser() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var user = newUser();
            new Browser(server.http).submitLogin(form, user.uid().value(), PASSWORD);
            assertLoggedIn(browser.submitLogin(form, user.uid().value(), PASSWORD));
        }
    }

    @Nested
    class Transactions {
        @Test
        void unknownTransactionShowsTheExpiredPage() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var reply = browser.submitLogin(
                    new Browser.LoginForm("rsc_lt_unknown", form.csrf(), form.page()),
                    newUser().uid().value(),
                    PASSWORD);
            assertExpiredPage(reply);
        }

        @Test
        void formOfAnUnknownTransactionShowsTheExpiredPage() {
            var browser = new Browser(server.http);
            openForm(browser);
            assertExpiredPage(browser.get("/login?tx=rsc_lt_unknown"));
        }

        @Test
        void expiredTransactionShowsTheExpiredPageEvenWithTheRightPassword() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            server.clock.advance(TRANSACTION_TTL.plusSeconds(1));
            assertExpiredPage(browser.submitLogin(form, newUser().uid().value(), PASSWORD));
        }

        @Test
        void transactionWithinItsLifetimeStillLogsIn() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            server.clock.advance(TRANSACTION_TTL.minusSeconds(5));
            assertLoggedIn(browser.submitLogin(form, newUser().uid().value(), PASSWORD));
        }

        @Test
        void completedTransactionShowsTheExpiredPageWhenPostedAgain() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var user = newUser();
            assertLoggedIn(browser.submitLogin(form, user.uid().value(), PASSWORD));
            assertExpiredPage(browser.submitLogin(form, user.uid().value(), PASSWORD));
        }
    }

    @Nested
    class Passwords {
        @Test
        void wrongPasswordAnswers401WithTheFormAgainAndNoSession() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var reply = browser.submitLogin(form, newUser().uid().value(), "wrong password");
            assertRefused(reply);
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body())
                    .contains("name=\"password\"")
                    .contains("value=\"" + form.tx() + "\"")
                    .contains("Invalid username or password.");
        }

        @Test
        void typedUsernameIsHtmlEscapedOnTheFailurePage() {
            var browser = new Browser(server.http);
            var reply = browser.submitLogin(openForm(browser), "\"><script>x()</script>", "wrong password");
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body())
                    .doesNotContain("<script>")
                    .contains("value=\"&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\"");
        }

        @Test
        void wrongPasswordLeavesTheFormUsableForAnotherTry() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var user = newUser();
            browser.submitLogin(form, user.uid().value(), "wrong password");
            assertLoggedIn(browser.submitLogin(form, user.uid().value(), PASSWORD));
        }

        @Test
        void unknownUserGetsTheSameAnswerAsAWrongPassword() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            String known = newUser().uid().value();
            String unknown = "nobody" + USERS.incrementAndGet();
            var wrongPassword = browser.submitLogin(form, known, "wrong password");
            var unknownUser = browser.submitLogin(form, unknown, "wrong password");
            assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
            assertThat(unknownUser.body().replace(unknown, "<name>"))
                    .isEqualTo(wrongPassword.body().replace(known, "<name>"));
            assertThat(unknownUser.headers("Set-Cookie")).isEqualTo(wrongPassword.headers("Set-Cookie"));
        }

        @Test
        void disabledUserWithTheRightPasswordGetsTheSameAnswerAsAWrongPassword() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            var disabled = newUser();
            server.store.users().save(disabled.withStatus(UserStatus.DISABLED));
            String other = newUser().uid().value();
            var wrongPassword = browser.submitLogin(form, other, "wrong password");
            var disabledUser = browser.submitLogin(form, disabled.uid().value(), PASSWORD);
            assertThat(disabledUser.status()).isEqualTo(401);
            assertThat(disabledUser.body().replace(disabled.uid().value(), "<name>"))
                    .isEqualTo(wrongPassword.body().replace(other, "<name>"));
            assertThat(setCookie(disabledUser, "rescind_session")).isEmpty();
        }
    }

    @Nested
    class Throttling {
        static void failMaxTimes(Browser browser, Browser.LoginForm form, String username) {
            for (int i = 0; i < MAX_FAILURES; i++) {
                assertThat(browser.submitLogin(form, username, "wrong " + i).status())
                        .isEqualTo(401);
            }
        }

        @Test
        void parallelGuessesAreCountedBeforeTheyAreChecked() throws Exception {
            // Each attempt is counted before its password is checked, so a burst of guesses cannot all slip under
            // the limit: at most MAX_FAILURES of them reach the password check (401), the rest are refused (429).
            String username = newUser().uid().value();
            var browser = new Browser(server.http);
            var form = openForm(browser);
            int burst = MAX_FAILURES * 4;
            var start = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int i = 0; i < burst; i++) {
                    String guess = "wrong " + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return browser.submitLogin(form, username, guess).status();
                    }));
                }
                start.countDown();
                long checked = 0;
                for (var answer : answers) {
                    int status = answer.get();
                    assertThat(status).isIn(401, 429);
                    checked += status == 401 ? 1 : 0;
                }
                assertThat(checked).isLessThanOrEqualTo(MAX_FAILURES);
            }
            assertThat(browser.submitLogin(form, username, PASSWORD).status()).isEqualTo(429);
        }

        @Test
        void aUsernameLongerThanAnyUidIsAnOrdinaryFailure() {
            var browser = new Browser(server.http);
            var reply = browser.submitLogin(openForm(browser), "u".repeat(6000), "whatever");
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body()).contains("Invalid username or password");
        }

        @Test
        void afterTooManyFailuresTheRightPasswordAnswers429WithoutLoggingIn() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            String username = newUser().uid().value();
            failMaxTimes(browser, form, username);
            var reply = browser.submitLogin(form, username, PASSWORD);
            assertRefused(reply);
            assertThat(reply.status()).isEqualTo(429);
        }

        @Test
        void throttledUserIsThrottledFromAnotherBrowserToo() {
            var attacker = new Browser(server.http);
            String username = newUser().uid().value();
            failMaxTimes(attacker, openForm(attacker), username);
            var browser = new Browser(server.http);
            var reply = browser.submitLogin(openForm(browser), username, PASSWORD);
            assertThat(reply.status()).isEqualTo(429);
        }

        @Test
        void fewerFailuresThanTheLimitStillLetTheRightPasswordIn() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            String username = newUser().uid().value();
            for (int i = 0; i < MAX_FAILURES - 1; i++) {
                browser.submitLogin(form, username, "wrong " + i);
            }
            assertLoggedIn(browser.submitLogin(form, username, PASSWORD));
        }

        @Test
        void throttlingOneUserLeavesOtherUsersAlone() {
            var browser = new Browser(server.http);
            var form = openForm(browser);
            failMaxTimes(browser, form, newUser().uid().value());
            assertLoggedIn(browser.submitLogin(form, newUser().uid().value(), PASSWORD));
        }

        @Test
        void throttlingEndsWhenTheFailuresLeaveTheWindow() {
            var browser = new Browser(server.http);
            String username = newUser().uid().value();
            failMaxTimes(browser, openForm(browser), username);
            server.clock.advance(FAILURE_WINDOW.plusSeconds(1));
            assertLoggedIn(browser.submitLogin(openForm(browser), username, PASSWORD));
        }
    }

    @Nested
    class LoginHint {
        @Test
        void loginHintPrefillsTheUsername() {
            var form = openForm(new Browser(server.http), request().with("login_hint", "carol"));
            assertThat(form.page().body()).contains("name=\"username\"").contains("value=\"carol\"");
        }

        @Test
        void loginHintIsHtmlEscaped() {
            String hint = "\"><script>alert('x')</script><a b='";
            var form = openForm(new Browser(server.http), request().with("login_hint", hint));
            assertThat(form.page().body())
                    .doesNotContain("<script>")
                    .doesNotContain("'x'")
                    .contains("value=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;a b=&#39;\"");
        }
    }

    @Nested
    class RedirectAfterLogin {
        @Test
        void postedRedirectUriFieldCannotChangeWhereTheLoginGoes() {
            var browser = new Browser(server.http);
            var request = request();
            var form = openForm(browser, request);
            var reply = browser.postForm(
                    "/login",
                    Http.params(
                            "tx",
                            form.tx(),
                            "csrf",
                            form.csrf(),
                            "username",
                            newUser().uid().value(),
                            "password",
                            PASSWORD,
                            "redirect_uri",
                            "https://evil.example.net/steal"));
            assertLoggedIn(reply);
            assertThat(reply.location().getHost()).isEqualTo("app.example.com");
        }

        @Test
        void postedStateFieldCannotChangeTheStateSentBack() {
            var browser = new Browser(server.http);
            var request = request();
            var form = openForm(browser, request);
            var reply = browser.postForm(
                    "/login",
                    Http.params(
                            "tx",
                            form.tx(),
                            "csrf",
                            form.csrf(),
                            "username",
                            newUser().uid().value(),
                            "password",
                            PASSWORD,
                            "state",
                            "forged"));
            assertLoggedIn(reply);
            assertThat(Browser.query(reply.location()))
                    .containsEntry("state", request.params().get("state"));
        }
    }
}
