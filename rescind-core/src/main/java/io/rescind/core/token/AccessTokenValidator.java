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
    private final VerifiedAccessTokens verified;
    private final RevocationState revocations;
    private final StalenessBound staleness;

    public AccessTokenValidator(VerifiedAccessTokens verified, RevocationState revocations, StalenessBound staleness) {
        this.verified = verified;
        this.revocations = revocations;
        this.staleness = staleness;
    }

    /**
     * @throws io.rescind.core.protocol.OAuthException 503 {@code temporarily_unavailable} when the token checks out
     *     but the revocation state cannot be confirmed
     */
    public Optional<ValidAccessToken> validate(String token) {
        return verified.verify(token).filter(valid -> {
            staleness.confirm();
            return !revocations.kills(valid.claims(), valid.kid());
        });
    }

    /** The verified tokens it remembers, for the node's metrics. */
    public VerifiedAccessTokens verifiedTokens() {
        return verified;
    }
}
