package io.rescind.server.http;

import io.helidon.webserver.http.ServerRequest;
import io.rescind.core.protocol.OAuthError;
import java.util.Optional;

/** Reads an RFC 6750 §2.1 Bearer token from the Authorization header (the only place Rescind accepts one). */
public final class BearerToken {
    private BearerToken() {}

    public static String read(ServerRequest req) {
        return find(req)
                .filter(token -> !token.isEmpty())
                .orElseThrow(() -> OAuthError.TOKEN_REQUIRED.exception("a Bearer access token is required"));
    }

    /**
     * The credential of an {@code Authorization: Bearer ...} header, stripped (empty when the header carries none);
     * empty when the request has no Bearer header.
     */
    public static Optional<String> find(ServerRequest req) {
        return RequestBodies.authorization(req)
                .filter(header -> header.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(header -> header.substring(7).strip());
    }
}
