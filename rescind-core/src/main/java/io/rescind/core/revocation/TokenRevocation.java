package io.rescind.core.revocation;

import io.rescind.core.client.Client;
import io.rescind.core.grant.Grant;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import java.time.Clock;
import java.util.Optional;

/**
 * RFC 7009 token revocation with TokenAuthority's semantics (DESIGN §1 row 3): revoking an access or a refresh token
 * revokes its whole grant. The hint picks which kind is tried first; a wrong hint falls back to the other. Anything
 * that is not an access or refresh token issued here is {@code unsupported_token_type}; a token of ours that is
 * unknown, expired or already revoked is a success; a token of another client is {@code unauthorized_client} and
 * revokes nothing.
 */
public final class TokenRevocation {
    public static final String REFRESH_TOKEN_HINT = "refresh_token";

    private final JwtVerifier accessTokenSignatures;
    private final GrantStore grants;
    private final OpaqueTokens opaqueTokens;
    private final Revocations revocations;
    private final Clock clock;

    /** @param accessTokenSignatures a verifier pinned to {@code at+jwt} that ignores expiry */
    public TokenRevocation(
            JwtVerifier accessTokenSignatures,
            GrantStore grants,
            OpaqueTokens opaqueTokens,
            Revocations revocations,
            Clock clock) {
        this.accessTokenSignatures = accessTokenSignatures;
        this.grants = grants;
        this.opaqueTokens = opaqueTokens;
        this.revocations = revocations;
        this.clock = clock;
    }

    public void revoke(Client caller, String token, Optional<String> hint, RevocationAudit audit) {
        boolean refreshFirst = hint.filter(REFRESH_TOKEN_HINT::equals).isPresent();
        Optional<Revocable> found = refreshFirst
                ? refreshToken(token).or(() -> accessToken(token))
                : accessToken(token).or(() -> refreshToken(token));
        Revocable revocable = found.orElseThrow(() ->
                OAuthError.UNSUPPORTED_TOKEN_TYPE.exception("the token is not an access or refresh token issued here"));
        revocable.grant().ifPresent(grant -> {
            if (!grant.client().equals(caller.id().value())) {
                throw OAuthError.UNAUTHORIZED_CLIENT.exception("the token was issued to another client");
            }
            revocations.revoke(grant.target(), audit);
        });
    }

    /** A token of ours, and the grant to revoke if it is still known. */
    private record Revocable(Optional<GrantToRevoke> grant) {}

    private record GrantToRevoke(String client, RevocationTarget.Grant target) {}

    private Optional<Revocable> accessToken(String token) {
        return accessTokenSignatures
                .verify(token)
                .flatMap(jwt -> AccessTokens.read(jwt.claims()))
                .map(claims -> new Revocable(Optional.of(grantOf(claims))));
    }

    private static GrantToRevoke grantOf(AccessTokenClaims claims) {
        return new GrantToRevoke(
                claims.clientId().value(), new RevocationTarget.Grant(claims.grantId(), claims.expiresAt()));
    }

    private Optional<Revocable> refreshToken(String token) {
        if (!opaqueTokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, token)) {
            return Optional.empty();
        }
        Optional<Grant> grant = grants.findGrantOfRefreshToken(OpaqueTokens.storageHash(token));
        return Optional.of(new Revocable(grant.map(
                g -> new GrantToRevoke(g.clientId().value(), new RevocationTarget.Grant(g.id(), clock.instant())))));
    }
}
