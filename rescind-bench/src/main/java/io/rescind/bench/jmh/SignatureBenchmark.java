package io.rescind.bench.jmh;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.secret.Entropy;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.JwtSigner;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.TokenTypes;
import io.rescind.core.token.VerifiedJwt;
import io.rescind.core.user.Subject;
import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Signing and verifying an access token (DESIGN §3, §7): where the CPU of the token endpoint and of every validation
 * goes. {@link AccessTokens#mint} is what the token endpoint runs per issued token (ES256, the default); the
 * {@link JwtSigner} rows sign the same claims with ES256 and RS256 (the ID tokens' default) to compare the algorithms;
 * {@link JwtVerifier} (pinned to {@code at+jwt}) is the signature and claims part of every validation.
 */
public class SignatureBenchmark extends HotPathBenchmark {
    private AccessTokens accessTokens;
    private JwtSigner signer;
    private JwtVerifier verifier;
    private AccessTokenClaims claims;
    private JWTClaimsSet claimsSet;
    private String es256Token;
    private String rs256Token;

    @Setup
    public void setUp() throws ParseException {
        Clock clock = Clock.systemUTC();
        SigningKeys keys = Fixtures.signingKeys(clock);
        signer = new JwtSigner(keys, clock);
        accessTokens = new AccessTokens(signer, Fixtures.ISSUER);
        verifier = new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, Fixtures.ISSUER, clock);
        claims = Fixtures.accessToken(
                Entropy.identifier(), Subject.random(), new ClientId("web-app"), GrantId.random(), Epochs.INITIAL);
        es256Token = accessTokens.mint(claims);
        // The very claims AccessTokens wrote, so both algorithms sign the same payload.
        claimsSet = SignedJWT.parse(es256Token).getJWTClaimsSet();
        rs256Token = signer.sign(JWSAlgorithm.RS256, TokenTypes.ACCESS_TOKEN, claimsSet);
        require(verifier.verify(es256Token).isPresent(), "the ES256 token verifies");
        require(verifier.verify(rs256Token).isPresent(), "the RS256 token verifies");
    }

    /** The token endpoint's path: claims to JSON, ES256 signature, compact serialisation. */
    @Benchmark
    public String mintAccessToken() {
        return accessTokens.mint(claims);
    }

    @Benchmark
    public String signEs256() {
        return signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, claimsSet);
    }

    @Benchmark
    public String signRs256() {
        return signer.sign(JWSAlgorithm.RS256, TokenTypes.ACCESS_TOKEN, claimsSet);
    }

    @Benchmark
    public Optional<VerifiedJwt> verifyEs256() {
        return verifier.verify(es256Token);
    }

    @Benchmark
    public Optional<VerifiedJwt> verifyRs256() {
        return verifier.verify(rs256Token);
    }
}
