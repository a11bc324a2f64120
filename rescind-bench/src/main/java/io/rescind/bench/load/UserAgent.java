package io.rescind.bench.load;

import io.rescind.core.authorize.Pkce;
import io.rescind.core.secret.Entropy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser of one user going through the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636): it logs in
 * through the login form the first time and keeps the session cookie, so every later code needs no login (and no
 * Argon2id) and belongs to the same session. Its cookies live in its HTTP client's cookie jar.
 */
final class UserAgent {
    private static final Pattern HIDDEN = Pattern.compile("name=\"(tx|csrf)\" value=\"([^\"]*)\"");
    static final String SCOPE = "openid api";

    private final Http http;
    private final BenchConfig.BenchClient client;
    private final BenchConfig.BenchUser user;

    /** @param base the server; the agent has its own HTTP client and cookie jar */
    UserAgent(URI base, BenchConfig.BenchClient client, BenchConfig.BenchUser user) {
        this.http = Http.withCookies(base);
        this.client = client;
        this.user = user;
    }

    /** The tokens of one code exchange: one grant. */
    record CodeGrant(String accessToken, String refreshToken) {}

    /** One authorization (logging in if this browser has no session yet) and its code exchange. */
    CodeGrant grant() {
        String verifier = Entropy.base64url(32);
        var params = new LinkedHashMap<String, String>();
        params.put("response_type", "code");
        params.put("client_id", client.id());
        params.put("redirect_uri", BenchConfig.REDIRECT_URI);
        params.put("scope", SCOPE);
        params.put("state", Entropy.base64url(8));
        params.put("nonce", Entropy.base64url(8));
        params.put("code_challenge", Pkce.s256(verifier));
        params.put("code_challenge_method", Pkce.S256);
        URI back = redirect(http.get("/authorize?" + Http.form(params)), "authorize");
        if (back.getPath().equals("/login")) {
            back = login(back);
        }
        URI redirect = back;
        String code = queryParameter(redirect, "code")
                .orElseThrow(() -> new LoadException("no code in the redirect " + redirect));
        var tokens = http.postForm(
                        "/token",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                code,
                                "redirect_uri",
                                BenchConfig.REDIRECT_URI,
                                "code_verifier",
                                verifier),
                        "Authorization",
                        client.basic())
                .expect(200, "code exchange")
                .json();
        return new CodeGrant(
                tokens.path("access_token").asText(),
                tokens.path("refresh_token").asText());
    }

    private URI login(URI loginUrl) {
        Http.Reply page =
                http.get(loginUrl.getRawPath() + "?" + loginUrl.getRawQuery()).expect(200, "login page");
        var hidden = new LinkedHashMap<String, String>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            hidden.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        var form = new LinkedHashMap<String, String>();
        form.put("tx", hidden.getOrDefault("tx", ""));
        form.put("csrf", hidden.getOrDefault("csrf", ""));
        form.put("username", user.uid());
        form.put("password", user.password());
        return redirect(http.postForm("/login", form), "login of " + user.uid());
    }

    private static URI redirect(Http.Reply reply, String what) {
        List<String> location = reply.header("Location");
        if (reply.status() / 100 != 3 || location.isEmpty()) {
            throw new LoadException(what + ": expected a redirect, got HTTP " + reply.status() + " " + reply.body());
        }
        return URI.create(location.getFirst());
    }

    /** A query parameter of a redirect. */
    private static Optional<String> queryParameter(URI uri, String name) {
        return Optional.ofNullable(uri.getRawQuery()).stream()
                .flatMap(q -> Arrays.stream(q.split("&")))
                .filter(pair -> pair.startsWith(name + "="))
                .map(pair -> URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8))
                .findFirst();
    }
}
