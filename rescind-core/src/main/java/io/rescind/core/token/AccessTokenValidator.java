package io.rescind.core.token;

import io.rescind.core.revocation.RevocationState;
import java.util.Optional;

/**
 * The one place that decides whether an access token is valid (DESIGN §2): signature by a published key named by
 * {@code kid}, {@code typ: at+jwt}, {@code iss}, {@code exp}, then the revocation state. Fails closed: anything it
 * cannot confirm is invalid.
 */
public final class AccessTokenValidator {
    private final JwtVerifier verifier;
    private final RevocationState revocations;

    /** @param verifier a verifier pinned to {@link TokenTypes#ACCESS_TOKEN} */
    public AccessTokenValidator(JwtVerifier verifier, RevocationState revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    public Optional<ValidAccessToken> validate(String token) {
        return verifier.verify(token)
                .flatMap(jwt -> AccessTokens.read(jwt.claims()).map(claims -> new ValidAccessToken(claims, jwt.kid())))
                .filter(valid -> !revocations.kills(valid.claims(), valid.kid()));
    }
}
