package io.rescind.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import java.net.URI;
import java.util.LinkedHashMap;

/**
 * Writes responses. Protocol errors are rendered here and nowhere else: {@code {"error","error_description"}} with the
 * error's status, and the {@code WWW-Authenticate} challenge RFC 6749 §5.2 and RFC 6750 §3 ask for.
 */
public final class Responses {
    public static final String JSON = "application/json;charset=UTF-8";
    private static final String REALM = "rescind";

    private Responses() {}

    public static void json(ServerResponse res, int status, Object body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        noStore(res);
        res.send(Json.write(body));
    }

    public static void error(ServerResponse res, OAuthException e) {
        OAuthError error = e.error();
        errorHeaders(res, e);
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error.code());
        body.put("error_description", e.description());
        json(res, e.status(), body);
    }

    /**
     * An error of the access-token revocation API, which answers {@code {"error": "<message>"}} (DESIGN §1 row 4),
     * not an OAuth error code.
     */
    public static void message(ServerResponse res, int status, String message) {
        json(res, status, java.util.Map.of("error", message));
    }

    /** {@code e} in the access-token revocation API's format, with the headers its OAuth error calls for. */
    public static void message(ServerResponse res, OAuthException e) {
        errorHeaders(res, e);
        message(res, e.status(), e.description());
    }

    /** The headers an error calls for: {@code WWW-Authenticate} for authentication, {@code Retry-After} to wait. */
    private static void errorHeaders(ServerResponse res, OAuthException e) {
        OAuthError error = e.error();
        switch (error) {
            case INVALID_CLIENT -> res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
            case INVALID_TOKEN, INSUFFICIENT_SCOPE ->
                res.header(
                        HeaderNames.WWW_AUTHENTICATE,
                        "Bearer realm=\"" + REALM + "\", error=\"" + error.code() + "\", error_description=\""
                                + e.description().replace("\"", "'").replace("\\", "/") + "\"");
            case TOKEN_REQUIRED -> res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
            case TEMPORARILY_UNAVAILABLE -> res.header(HeaderNames.RETRY_AFTER, "5");
            case TOO_MANY_REQUESTS -> res.header(HeaderNames.RETRY_AFTER, "60");
            default -> {}
        }
    }

    public static void noStore(ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.PRAGMA, "no-cache");
    }

    public static void redirect(ServerResponse res, URI location) {
        res.status(Status.FOUND_302);
        res.header(HeaderNames.LOCATION, location.toString());
        noStore(res);
        res.send();
    }

    /** 303 after a form POST, so the browser follows with GET. */
    public static void seeOther(ServerResponse res, URI location) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location.toString());
        noStore(res);
        res.send();
    }
}
