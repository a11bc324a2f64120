package io.rescind.server.http;

import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.protocol.OAuthError;

/** Reads an RFC 6750 §2.1 Bearer token from the Authorization header (the only place Rescind accepts one). */
public final class BearerToken {
    private BearerToken() {}

    public static String read(ServerRequest req) {
        String header = RequestBodies.authorization(req)
                .orElseThrow(() -> OAuthError.TOKEN_REQUIRED.exception("a Bearer access token is required"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            throw OAuthError.TOKEN_REQUIRED.exception("a Bearer access token is required");
        }
        return header.substring(7).strip();
    }
}
