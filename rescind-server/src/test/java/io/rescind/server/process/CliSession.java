package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.server.testing.Browser;
import io.rescind.server.testing.Flows;
import io.rescind.server.testing.Http;
import io.rescind.server.testing.ServerProcess;
import java.nio.file.Path;
import java.util.Map;

/**
 * A user logged in at a server process through the demo client: the browser (with its session cookie) and the tokens,
 * with what the process tests ask of them.
 */
record CliSession(
        ServerProcess server,
        DemoCredentials demo,
        Browser browser,
        String accessToken,
        String refreshToken,
        String idToken) {
    static CliSession login(ServerProcess server, Path dataDir, String uid, String password, String scope) {
        return login(server, DemoCredentials.read(dataDir), uid, password, scope);
    }

    /** Through the client {@code demo} names (its id, secret and redirect URI). */
    static CliSession login(ServerProcess server, DemoCredentials demo, String uid, String password, String scope) {
        var browser = new Browser(server.http);
        var request = Browser.codeRequest(demo.clientId(), demo.redirectUri(), scope);
        var back = browser.authorizeAndLogin(request.params(), uid, password);
        String code = Browser.query(back.location()).get("code");
        assertThat(code).as(back.toString()).isNotNull();
        var tokens = server.http.postForm(
                "/token",
                Http.params(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        demo.redirectUri(),
                        "code_verifier",
                        request.verifier()),
                "Authorization",
                basic(demo));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return new CliSession(
                server,
                demo,
                browser,
                tokens.json().path("access_token").asText(),
                tokens.json().path("refresh_token").asText(),
                tokens.json().path("id_token").asText());
    }

    static String basic(DemoCredentials demo) {
        return Http.basic(demo.clientId(), demo.clientSecret());
    }

    /** The access token of a {@code client_credentials} grant (scope {@code api}) that must succeed. */
    static String clientCredentialsToken(ServerProcess server, DemoCredentials client) {
        var reply = server.http.postForm(
                "/token", Map.of("grant_type", "client_credentials", "scope", "api"), "Authorization", basic(client));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    boolean accessTokenActive() {
        return active(server, demo, accessToken);
    }

    static boolean active(ServerProcess server, DemoCredentials demo, String token) {
        var reply = server.http.postForm("/introspect", Map.of("token", token), "Authorization", basic(demo));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("active").asBoolean();
    }

    /** Whether a refresh with the refresh token succeeds (a success rotates it: use it once). */
    boolean refreshes() {
        return refreshes(server, demo, refreshToken);
    }

    /**
     * Whether a refresh with {@code refreshToken} by the client {@code demo} names succeeds; a refusal must be RFC 6749's
     * {@code 400 invalid_grant}, not any other error that would pass for one.
     */
    static boolean refreshes(ServerProcess server, DemoCredentials demo, String refreshToken) {
        var reply = server.http.postForm(
                "/token",
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization",
                basic(demo));
        if (reply.status() == 200) {
            return true;
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.error()).as(reply.body()).isEqualTo("invalid_grant");
        return false;
    }

    /** Whether the session cookie still gets through /authorize without the login page. */
    boolean sessionLetsThrough() {
        return sessionLetsThrough(browser, demo);
    }

    /** Whether {@code browser}'s session cookie gets it through /authorize to the client {@code demo} names. */
    static boolean sessionLetsThrough(Browser browser, DemoCredentials demo) {
        return Flows.sessionLetsThrough(browser, demo.clientId(), demo.redirectUri());
    }

    /**
     * This login at {@code restarted} (another start on the same data folder listens on another port): the same
     * tokens, and a browser of that server with a copy of this one's cookies.
     */
    CliSession at(ServerProcess restarted) {
        var copy = new Browser(restarted.http);
        copy.cookies().putAll(browser.cookies());
        return new CliSession(restarted, demo, copy, accessToken, refreshToken, idToken);
    }

    /**
     * A login nothing revoked is alive: its access token active, its session past /authorize without a login, its
     * refresh token good for a refresh (which rotates it: call this once). The control beside a test that revocations
     * are dead, which would pass as well if the server had lost everything.
     */
    void assertAlive() {
        assertThat(accessTokenActive())
                .as("the access token of a login nothing revoked")
                .isTrue();
        assertThat(sessionLetsThrough())
                .as("the session of a login nothing revoked")
                .isTrue();
        assertThat(refreshes())
                .as("the refresh token of a login nothing revoked")
                .isTrue();
    }
}
