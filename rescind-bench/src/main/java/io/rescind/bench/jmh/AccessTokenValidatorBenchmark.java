package io.rescind.bench.jmh;

import io.rescind.core.key.SigningKeys;
import io.rescind.core.token.AccessTokenValidator;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.JwtSigner;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.token.ValidAccessToken;
import io.rescind.core.token.VerifiedAccessTokens;
import java.time.Clock;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The access-token validity check end to end ({@link AccessTokenValidator}, DESIGN §2): ES256 signature by the key
 * named by {@code kid}, {@code typ}, {@code iss}, {@code exp}, the claims read back, the staleness bound, then the
 * revocation lookups in a state of realistic size. It is what every Bearer-authenticated call pays (introspection,
 * userinfo, the revocation endpoints) and what a resource server validating locally pays per request.
 */
public class AccessTokenValidatorBenchmark extends HotPathBenchmark {
    private AccessTokenValidator validator;
    /** As the server runs it: a token seen before skips its signature check, never its revocation check. */
    private AccessTokenValidator remembering;

    private String liveToken;
    private String revokedToken;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        SigningKeys keys = Fixtures.signingKeys(clock);
        var revocations = new RealisticRevocations(clock);
        var verifier = new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, Fixtures.ISSUER, clock);
        validator = new AccessTokenValidator(
                VerifiedAccessTokens.verifyingEachTime(verifier, clock), revocations.state(), revocations.staleness());
        remembering = new AccessTokenValidator(
                VerifiedAccessTokens.remembering(verifier, clock, VerifiedAccessTokens.DEFAULT_ENTRIES),
                revocations.state(),
                revocations.staleness());
        var accessTokens = new AccessTokens(new JwtSigner(keys, clock), Fixtures.ISSUER);
        liveToken = accessTokens.mint(revocations.liveToken());
        revokedToken = accessTokens.mint(revocations.revokedToken());
        require(validator.validate(liveToken).isPresent(), "the live token validates");
        require(validator.validate(revokedToken).isEmpty(), "the revoked token does not");
        require(remembering.validate(liveToken).isPresent(), "the live token validates once remembered");
        require(remembering.validate(revokedToken).isEmpty(), "the revoked token does not, remembered or not");
    }

    /** A live token: every check is made and passes. */
    @Benchmark
    public Optional<ValidAccessToken> liveToken() {
        return validator.validate(liveToken);
    }

    /** A token whose {@code jti} was revoked: the signature is checked all the same, the first lookup kills it. */
    @Benchmark
    public Optional<ValidAccessToken> revokedToken() {
        return validator.validate(revokedToken);
    }

    /**
     * A live token seen before (introspected again by a resource server): the SHA-256 of the token and the revocation
     * lookups, without the signature check. The warm introspection scenario's cost.
     */
    @Benchmark
    public Optional<ValidAccessToken> liveTokenSeenBefore() {
        return remembering.validate(liveToken);
    }

    /** A revoked token seen before: still refused by the revocation lookups, which are never skipped. */
    @Benchmark
    public Optional<ValidAccessToken> revokedTokenSeenBefore() {
        return remembering.validate(revokedToken);
    }
}
