package io.rescind.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.authorize.Pkce;
import io.rescind.core.secret.Entropy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser for the login flow: it keeps cookies and reads the login form, as a user agent would. */
public final class Browser {
    private static final Pattern HIDDEN = Pattern.compile("name=\"(tx|csrf)\" value=\"([^\"]*)\"");
    private final Http http;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(Http http) {
        this.http = http;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public Http.Reply get(String pathAndQuery) {
        return remember(http.get(pathAndQuery, cookieHeader()));
    }

    public Http.Reply postForm(String path, Map<String, String> params) {
        return remember(http.postForm(path, params, cookieHeader()));
    }

    /** GET /authorize with these parameters. */
    public Http.Reply authorize(Map<String, String> params) {
        return get("/authorize?" + Http.form(params));
    }

    /** The login form of a redirect to /login: its hidden tx and csrf fields. */
    public LoginForm openLogin(URI loginUrl) {
        Http.Reply page = get(loginUrl.getRawPath() + "?" + loginUrl.getRawQuery());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            hidden.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return new LoginForm(hidden.get("tx"), hidden.get("csrf"), page);
    }

    public Http.Reply submitLogin(LoginForm form, String username, String password) {
        return postForm(
                "/login",
                Http.params("tx", form.tx(), "csrf", form.csrf(), "username", username, "password", password));
    }

    /** Authorizes and logs in; answers the final redirect back to the client. */
    public Http.Reply authorizeAndLogin(Map<String, String> params, String username, String password) {
        Http.Reply first = authorize(params);
        assertThat(first.status()).as(first.body()).isEqualTo(302);
        if (!first.location().getPath().equals("/login")) {
            return first;
        }
        return submitLogin(openLogin(first.location()), username, password);
    }

    /** The hidden fields of a login form. */
    public record LoginForm(String tx, String csrf, Http.Reply page) {}

    /** Parameters of a PKCE code request for {@code clientId}, with a fresh verifier. */
    public static CodeRequest codeRequest(String clientId, String redirectUri, String scope) {
        String verifier = Entropy.base64url(32);
        var params = Http.params(
                "response_type",
                "code",
                "client_id",
                clientId,
                "redirect_uri",
                redirectUri,
                "scope",
                scope,
                "state",
                Entropy.base64url(8),
                "nonce",
                Entropy.base64url(8),
                "code_challenge",
                Pkce.s256(verifier),
                "code_challenge_method",
                "S256");
        return new CodeRequest(params, verifier);
    }

    /** An authorization request and its PKCE verifier. */
    public record CodeRequest(Map<String, String> params, String verifier) {
        public CodeRequest without(String name) {
            var copy = new LinkedHashMap<>(params);
            copy.remove(name);
            return new CodeRequest(copy, verifier);
        }

        public CodeRequest with(String name, String value) {
            var copy = new LinkedHashMap<>(params);
            copy.put(name, value);
            return new CodeRequest(copy, verifier);
        }
    }

    /** The query parameters of a redirect. */
    public static Map<String, String> query(URI uri) {
        var out = new LinkedHashMap<String, String>();
        Optional.ofNullable(uri.getRawQuery()).ifPresent(q -> {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    private String[] cookieHeader() {
        if (cookies.isEmpty()) {
            return new String[0];
        }
        List<String> pairs = new ArrayList<>();
        cookies.forEach((k, v) -> pairs.add(k + "=" + v));
        return new String[] {"Cookie", String.join("; ", pairs)};
    }

    private Http.Reply remember(Http.Reply reply) {
        for (String setCookie : reply.headers("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return reply;
    }
}
