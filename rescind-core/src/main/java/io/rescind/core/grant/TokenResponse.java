package io.rescind.core.grant;

import io.rescind.core.protocol.Scope;
import java.time.Duration;
import java.util.Optional;

/** A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). */
public record TokenResponse(
        String accessToken, Duration expiresIn, Scope scope, Optional<String> refreshToken, Optional<String> idToken) {

    public static final String TOKEN_TYPE = "Bearer";

    @Override
    public String toString() {
        return "TokenResponse[scope=" + scope + "]";
    }
}
