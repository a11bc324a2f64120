package io.rescind.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The cookies of the login flow: HttpOnly, SameSite=Lax, Path=/; with an https issuer also {@code Secure} and the
 * {@code __Host-} prefix, which a browser only accepts from this host over https with Path=/ and no Domain.
 */
public final class Cookies {
    public static final String SESSION = "rescind_session";
    public static final String BROWSER = "rescind_login";
    private final boolean https;

    private Cookies(boolean https) {
        this.https = https;
    }

    /** The cookies of a server with this issuer: {@code Secure} and {@code __Host-} when it is https. */
    public static Cookies forIssuer(java.net.URI issuer) {
        return new Cookies("https".equalsIgnoreCase(issuer.getScheme()));
    }

    public String name(String base) {
        return https ? "__Host-" + base : base;
    }

    public Optional<String> read(ServerRequest req, String base) {
        try {
            return req.headers().cookies().first(name(base)).asOptional().filter(v -> !v.isEmpty());
        } catch (RuntimeException e) {
            return Optional.empty(); // a malformed Cookie header is no cookie
        }
    }

    /** Sets a session cookie (no Max-Age: it lasts as long as the browser session, bounded by the server). */
    public void set(ServerResponse res, String base, String value) {
        res.header(HeaderNames.SET_COOKIE, attributes(name(base) + "=" + value));
    }

    public void set(ServerResponse res, String base, String value, Duration maxAge) {
        res.header(HeaderNames.SET_COOKIE, attributes(name(base) + "=" + value) + "; Max-Age=" + maxAge.toSeconds());
    }

    public void clear(ServerResponse res, String base) {
        res.header(HeaderNames.SET_COOKIE, attributes(name(base) + "=") + "; Max-Age=0");
    }

    private String attributes(String pair) {
        return pair + "; Path=/; HttpOnly; SameSite=Lax" + (https ? "; Secure" : "");
    }
}
