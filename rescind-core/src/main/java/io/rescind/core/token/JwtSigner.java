package io.rescind.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.key.SigningKey;
import io.rescind.core.key.SigningKeys;
import java.time.Clock;

/** Signs JWTs with the current key of an algorithm, naming it by {@code kid} and stating the token's {@code typ}. */
public final class JwtSigner {
    private final SigningKeys keys;
    private final Clock clock;

    public JwtSigner(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Throws 503 unless a key of {@code alg} can sign now: checked before committing anything a token depends on. */
    public void requireReady(JWSAlgorithm alg) {
        keys.ring().requireSigningKey(alg, clock.instant());
    }

    public String sign(JWSAlgorithm alg, JOSEObjectType type, JWTClaimsSet claims) {
        SigningKey key = keys.ring().requireSigningKey(alg, clock.instant());
        try {
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(key.privateJwk(), alg);
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(alg).type(type).keyID(key.kid()).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with " + key + " failed", e);
        }
    }
}
