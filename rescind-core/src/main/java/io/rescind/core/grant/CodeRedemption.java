package io.rescind.core.grant;

import io.rescind.core.authorize.Pkce;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.session.SessionStatus;
import io.rescind.core.user.User;
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

    @Override
    public String toString() {
        return "CodeRedemption[" + clientId + ", grant " + newGrantId + "]";
    }

    /** Whether the code was issued to the client presenting it; a code of another client is not even consumed. */
    public boolean presentedBy(AuthorizationCode code) {
        return code.clientId().equals(clientId);
    }

    /**
     * The checks of RFC 6749 §4.1.3 and RFC 7636 §4.6 on an unspent code of this client, then the epochs, the user and
     * the login session read in the same transaction; empty if it passes.
     */
    public Optional<Refusal> check(
            AuthorizationCode code, Epochs currentEpochs, Optional<User> user, SessionStatus session) {
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
        if (code.epochs().isBehind(currentEpochs)) {
            return Optional.of(Refusal.of(OAuthError.INVALID_GRANT, "the authorization was revoked"));
        }
        if (session == SessionStatus.ENDED) {
            // The pending codes of an ended session die with it (DESIGN §1.3).
            return Optional.of(Refusal.of(OAuthError.INVALID_GRANT, "the login session has ended"));
        }
        if (user.filter(User::isActive).isEmpty()) {
            return Optional.of(Refusal.of(OAuthError.INVALID_GRANT, "the user of this grant is no longer active"));
        }
        return Optional.empty();
    }
}
