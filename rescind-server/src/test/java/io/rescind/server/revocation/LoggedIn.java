package io.rescind.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.user.Email;
import io.rescind.core.user.PhoneNumber;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Fixtures;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.TestServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user logged in at a browser of their own, and what revocation tests ask about them: grants and pending codes made
 * in that login session, whether the session still lives, whether a token still works.
 */
final class LoggedIn {
    static final String PASSWORD = "a password for revocation tests";
    private static final AtomicInteger USERS = new AtomicInteger();

    final TestServer server;
    final TestServer.RegisteredClient client;
    final User user;
    final Browser browser;

    private LoggedIn(TestServer server, TestServer.RegisteredClient client, User user, Browser browser) {
        this.server = server;
        this.client = client;
        this.user = user;
        this.browser = browser;
    }

    /** A new user, with a uid no other test uses. */
    static User newUser(TestServer server) {
        return server.user("revocation-user-" + USERS.incrementAndGet(), PASSWORD);
    }

    /** A new user with a phone number (unique, like every phone number here). */
    static User newUserWithPhone(TestServer server, String phoneNumber) {
        String uid = "revocation-user-" + USERS.incrementAndGet();
        var user = new User(
                Subject.random(),
                new Uid(uid),
                Optional.of(new Email(uid + "@example.com")),
                Optional.of(new PhoneNumber(phoneNumber)),
                Optional.empty(),
                List.of(),
                server.hashing.hashPassword(PASSWORD),
                UserStatus.ACTIVE);
        server.store.users().save(user);
        return user;
    }

    /** Logs {@code user} in through the login form at a new browser. */
    static LoggedIn as(TestServer server, TestServer.RegisteredClient client, User user) {
        var browser = new Browser(server.http);
        var request = Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, "openid");
        Http.Reply back = browser.authorizeAndLogin(request.params(), user.uid().value(), PASSWORD);
        assertThat(Browser.query(back.location()))
                .as(back.location().toString())
                .containsKey("code");
        assertThat(browser.cookies()).containsKey("rescind_session");
        return new LoggedIn(server, client, user, browser);
    }

    /** A new user, logged in. */
    static LoggedIn newUser(TestServer server, TestServer.RegisteredClient client) {
        return as(server, client, newUser(server));
    }

    /** A code issued in this session (no login asked), not yet exchanged. */
    Code pendingCode(String scope) {
        var request = Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, scope);
        Http.Reply back = browser.authorize(request.params());
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        String code = Browser.query(back.location()).get("code");
        assertThat(code).as("a code without login in " + back.location()).isNotNull();
        return new Code(code, request.verifier());
    }

    /** A grant made in this session: the token response of a code flow that reuses the session. */
    Tokens grant(String scope) {
        Http.Reply reply = exchange(pendingCode(scope));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        var body = reply.json();
        return new Tokens(
                body.path("access_token").asText(),
                body.path("refresh_token").asText(),
                body.path("id_token").asText());
    }

    Http.Reply exchange(Code code) {
        return Flows.exchange(server, client, code.value(), code.verifier());
    }

    /**
     * Whether the next {@code /authorize} of this browser shows the login page; otherwise the session cookie got a code
     * without a login.
     */
    boolean asksForLogin() {
        return !Flows.sessionLetsThrough(browser, client);
    }

    boolean isActive(String token) {
        return isActive(server, client, token);
    }

    /** Introspection's answer, as {@code client} (any confidential client may introspect an access token). */
    static boolean isActive(TestServer server, TestServer.RegisteredClient client, String token) {
        return Flows.active(server, client, token);
    }

    Http.Reply refresh(String refreshToken) {
        return Flows.refresh(server, client, refreshToken);
    }

    /** Whether a refresh with this token succeeds (a success rotates it: use it once). */
    boolean refreshes(String refreshToken) {
        Http.Reply reply = refresh(refreshToken);
        if (reply.status() == 200) {
            return true;
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("invalid_grant");
        return false;
    }

    Http.Reply userinfo(String accessToken) {
        return server.http.get("/userinfo", "Authorization", "Bearer " + accessToken);
    }

    /** An authorization code and its PKCE verifier. */
    record Code(String value, String verifier) {}

    /** What a code exchange answered. */
    record Tokens(String accessToken, String refreshToken, String idToken) {}
}
