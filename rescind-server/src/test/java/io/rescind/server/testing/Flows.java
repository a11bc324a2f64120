package io.rescind.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;

/** Whole flows in a few calls, for tests about what comes after them. */
public final class Flows {
    private Flows() {}

    /** Code flow with PKCE through the login form, then the code exchange; answers the token response. */
    public static JsonNode codeFlow(
            TestServer server, TestServer.RegisteredClient client, String username, String password, String scope) {
        return login(server, new Browser(server.http), client, username, password, scope)
                .tokens();
    }

    /** The code flow in {@code browser}: it logs in only if it has no session yet. */
    public static JsonNode codeFlow(
            TestServer server,
            Browser browser,
            TestServer.RegisteredClient client,
            String username,
            String password,
            String scope) {
        return login(server, browser, client, username, password, scope).tokens();
    }

    /** A browser logged in (it keeps the session cookie) and the tokens its code flow produced. */
    public record LoggedIn(Browser browser, JsonNode tokens) {
        public String accessToken() {
            return tokens.path("access_token").asText();
        }

        public String refreshToken() {
            return tokens.path("refresh_token").asText();
        }
    }

    /** Code flow with PKCE through the login form and the code exchange, keeping the browser and its session. */
    public static LoggedIn login(
            TestServer server, TestServer.RegisteredClient client, String username, String password, String scope) {
        return login(server, new Browser(server.http), client, username, password, scope);
    }

    /** As {@link #login(TestServer, TestServer.RegisteredClient, String, String, String)} in {@code browser}. */
    public static LoggedIn login(
            TestServer server,
            Browser browser,
            TestServer.RegisteredClient client,
            String username,
            String password,
            String scope) {
        var request = Browser.codeRequest(client.id().value(), Fixtures.REDIRECT_URI, scope);
        Http.Reply back = browser.authorizeAndLogin(request.params(), username, password);
        assertThat(back.status()).as(back.body()).isIn(302, 303);
        String code = Browser.query(back.location()).get("code");
        assertThat(code).as("code in " + back.location()).isNotNull();
        Http.Reply tokens = exchange(server, client, code, request.verifier());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return new LoggedIn(browser, tokens.json());
    }

    /**
     * Whether the browser's login session still lets it through {@code /authorize} without a login: the redirect
     * goes back to the client with a code rather than to the login page.
     */
    public static boolean sessionLetsThrough(Browser browser, TestServer.RegisteredClient client) {
        return sessionLetsThrough(browser, client.id().value(), Fixtures.REDIRECT_URI);
    }

    /**
     * Whether {@code browser}'s login session gets a code for {@code clientId} at {@code redirectUri} without a login.
     * Either answer is checked: a redirect to {@code /login} with the login transaction it started, or one back to
     * {@code redirectUri} with a {@code code} (an error sent back to the client is neither, and fails).
     */
    public static boolean sessionLetsThrough(Browser browser, String clientId, String redirectUri) {
        var request = Browser.codeRequest(clientId, redirectUri, "openid");
        Http.Reply reply = browser.authorize(request.params());
        assertThat(reply.status()).as(reply.body()).isEqualTo(302);
        URI location = reply.location();
        if (location.getPath().equals("/login")) {
            assertThat(Browser.query(location)).as(location.toString()).containsKey("tx");
            return false;
        }
        assertThat(location.toString()).startsWith(redirectUri + "?");
        assertThat(Browser.query(location)).as(location.toString()).containsKey("code");
        return true;
    }

    /** Whether introspection by {@code caller} says the token is active. */
    public static boolean active(TestServer server, TestServer.RegisteredClient caller, String token) {
        Http.Reply reply = introspect(server, caller, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("active").asBoolean();
    }

    public static Http.Reply exchange(
            TestServer server, TestServer.RegisteredClient client, String code, String verifier) {
        return server.http.postForm(
                "/token",
                Http.params(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        Fixtures.REDIRECT_URI,
                        "code_verifier",
                        verifier),
                "Authorization",
                client.basic());
    }

    public static Http.Reply refresh(TestServer server, TestServer.RegisteredClient client, String refreshToken) {
        return server.http.postForm(
                "/token",
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization",
                client.basic());
    }

    public static Http.Reply introspect(TestServer server, TestServer.RegisteredClient caller, String token) {
        return server.http.postForm("/introspect", Map.of("token", token), "Authorization", caller.basic());
    }

    /** The access token of a {@code client_credentials} grant that must succeed. */
    public static String clientCredentialsToken(TestServer server, TestServer.RegisteredClient client, String scope) {
        Http.Reply reply = clientCredentials(server, client, scope);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("access_token").asText();
    }

    public static Http.Reply clientCredentials(TestServer server, TestServer.RegisteredClient client, String scope) {
        return server.http.postForm(
                "/token", Map.of("grant_type", "client_credentials", "scope", scope), "Authorization", client.basic());
    }
}
