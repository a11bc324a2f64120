package io.rescind.core.grant;

import io.rescind.core.authorize.Pkce;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.OAuthError;
import java.time.Instant;
import java.util.Optional;

/**
 * A code exchange (RFC 6749 §4.1.3) as the store executes it, in one transaction: the code is consumed whatever the
 * outcome, a replayed code revokes the grant it produced, and the grant is created only if every check passes.
 */
public record CodeRedemption(
        byte[] codeHash,
        ClientId clientId,
        Optional<String> redirectUri,
        Optional<String> codeVerifier,
        GrantId newGrantId,
        Optional<NewRefreshToken> refreshToken,
        Instant now,
        Instant accessTokenExpiresAt) {

    /** The checks of RFC 6749 §4.1.3 and RFC 7636 §4.6 on a live code issued to this client; empty if it passes. */
    public Optional<Refusal> check(AuthorizationCode code) {
        if (!now.isBefore(code.expiresAt())) {
            return Optional.of(Refusal.of(OAuthError.INVALID_GRANT, "authorization code expired"));
        }
        if (code.requestedRedirectUri().isPresent()
                ? redirectUri.isEmpty()
                        || !redirectUri
                                .get()
                                .equals(code.requestedRedirectUri().get().toString())
                : redirectUri.isPresent()
                        && !redirectUri.get().equals(code.redirectUri().toString())) {
            return Optional.of(
                    Refusal.of(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request"));
        }
        if (code.codeChallenge().isPresent()) {
            if (codeVerifier.isEmpty() || !Pkce.verify(code.codeChallenge().get(), codeVerifier.get())) {
                return Optional.of(
                        Refusal.of(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge"));
            }
        } else if (codeVerifier.isPresent()) {
            // A verifier for a code issued without a challenge signals a downgrade attempt (OAuth 2.1 §4.1.3).
            return Optional.of(
                    Refusal.of(OAuthError.INVALID_GRANT, "code_verifier sent for a code issued without PKCE"));
        }
        return Optional.empty();
    }
}
