package io.rescind.core.token;

import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.StalenessBound;
import java.util.Optional;

/**
 * The one place that decides whether an access token is valid (DESIGN §2): signature by a published key named by
 * {@code kid}, {@code typ: at+jwt}, {@code iss}, {@code exp}, then the revocation state, which must be at most L old
 * ({@link StalenessBound}). Fails closed: anything it cannot confirm is invalid, and a state it cannot bring up to
 * date is a 503, never a valid token.
 */
public final class AccessTokenValidator {
    private final JwtVerifier verifier;
    private final RevocationState revocations;
    private final StalenessBound staleness;

    /** @param verifier a verifier pinned to {@link TokenTypes#ACCESS_TOKEN} */
    public AccessTokenValidator(JwtVerifier verifier, RevocationState revocations, StalenessBound staleness) {
        this.verifier = verifier;
        this.revocations = revocations;
        this.staleness = staleness;
    }

    /**
     * @throws io.rescind.core.protocol.OAuthException 503 {@code temporarily_unavailable} when the token checks out
     *     but the revocation state cannot be confirmed
     */
    public Optional<ValidAccessToken> validate(String token) {
        return verifier.verify(token)
                .flatMap(jwt -> AccessTokens.read(jwt.claims()).map(claims -> new ValidAccessToken(claims, jwt.kid())))
                .filter(valid -> {
                    staleness.confirm();
                    return !revocations.kills(valid.claims(), valid.kid());
                });
    }
}
