package io.rescind.core.grant;

import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An issued authorization code as stored (under the SHA-256 of the code), with everything the exchange needs.
 *
 * @param requestedRedirectUri the {@code redirect_uri} the authorization request carried, if it carried one
 */
public record AuthorizationCode(
        ClientId clientId,
        Subject sub,
        SessionId sid,
        URI redirectUri,
        Optional<URI> requestedRedirectUri,
        Scope scope,
        Optional<String> nonce,
        Optional<String> codeChallenge,
        List<String> audience,
        Instant authTime,
        Epochs epochs,
        Instant expiresAt) {

    public AuthorizationCode {
        audience = List.copyOf(audience);
    }
}
