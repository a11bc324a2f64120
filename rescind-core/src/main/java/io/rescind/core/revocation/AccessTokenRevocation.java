package io.rescind.core.revocation;

import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.OpaqueTokenKind;
import java.util.Optional;

/**
 * The access-token revocation API (DESIGN §1 row 4): holding an access token is the right to kill it. Only that token
 * dies; its refresh token survives (this is not a logout). A token already revoked is still a success.
 */
public final class AccessTokenRevocation {
    /** What the request comes to; the endpoint renders each as DESIGN §1 row 4 says. */
    public enum Outcome {
        REVOKED,
        /** A refresh token was sent: {@code 401 {"error":"unexpected token use"}}. */
        UNEXPECTED_TOKEN_USE,
        /** Malformed, forged, of an unknown key, or expired: {@code 401 {"error":"invalid token"}}. */
        INVALID_TOKEN
    }

    private final JwtVerifier accessTokens;
    private final Revocations revocations;

    /** @param accessTokens a verifier pinned to {@code at+jwt} that enforces expiry */
    public AccessTokenRevocation(JwtVerifier accessTokens, Revocations revocations) {
        this.accessTokens = accessTokens;
        this.revocations = revocations;
    }

    public Outcome revoke(String token, RevocationAudit audit) {
        // Anything shaped as a refresh token, genuine or not, is "unexpected token use" (DESIGN §1 row 4).
        if (token.startsWith(OpaqueTokenKind.REFRESH_TOKEN.prefix())) {
            return Outcome.UNEXPECTED_TOKEN_USE;
        }
        // The revocation state is not consulted: revoking a revoked token again is a success, not an error.
        Optional<AccessTokenClaims> claims = accessTokens.verify(token).flatMap(jwt -> AccessTokens.read(jwt.claims()));
        if (claims.isEmpty()) {
            return Outcome.INVALID_TOKEN;
        }
        revocations.revoke(
                new RevocationTarget.AccessToken(
                        claims.get().jti(), claims.get().expiresAt()),
                audit);
        return Outcome.REVOKED;
    }
}
