package io.rescind.core.authorize;

import io.rescind.core.protocol.OAuthException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the redirect back to the client (RFC 6749 §4.1.2) with the RFC 9207 {@code iss} parameter, in the query
 * of the registered redirect URI (keeping any query it already has).
 */
public final class AuthorizationResponse {
    private AuthorizationResponse() {}

    public static URI success(URI redirectUri, String code, Optional<String> state, String issuer) {
        var params = new LinkedHashMap<String, String>();
        params.put("code", code);
        state.ifPresent(s -> params.put("state", s));
        params.put("iss", issuer);
        return withQuery(redirectUri, params);
    }

    public static URI error(URI redirectUri, OAuthException error, Optional<String> state, String issuer) {
        var params = new LinkedHashMap<String, String>();
        params.put("error", error.error().code());
        params.put("error_description", error.description());
        state.ifPresent(s -> params.put("state", s));
        params.put("iss", issuer);
        return withQuery(redirectUri, params);
    }

    /** {@code base} with {@code params} added to its query, keeping the query it already has. */
    public static URI withQuery(URI base, Map<String, String> params) {
        var query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        params.forEach((name, value) -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        String uri = base.toString();
        int cut = uri.indexOf('?');
        return URI.create((cut < 0 ? uri : uri.substring(0, cut)) + "?" + query);
    }
}
