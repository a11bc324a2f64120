package io.rescind.bench.jmh;

import io.rescind.core.key.SigningKeys;
import io.rescind.core.token.AccessTokenValidator;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.JwtSigner;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.token.ValidAccessToken;
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
    private String liveToken;
    private String revokedToken;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        SigningKeys keys = Fixtures.signingKeys(clock);
        var revocations = new RealisticRevocations(clock);
        validator = new AccessTokenValidator(
                new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, Fixtures.ISSUER, clock),
                revocations.state(),
                revocations.staleness());
        var accessTokens = new AccessTokens(new JwtSigner(keys, clock), Fixtures.ISSUER);
        liveToken = accessTokens.mint(revocations.liveToken());
        revokedToken = accessTokens.mint(revocations.revokedToken());
        require(validator.validate(liveToken).isPresent(), "the live token validates");
        require(validator.validate(revokedToken).isEmpty(), "the revoked token does not");
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
}
