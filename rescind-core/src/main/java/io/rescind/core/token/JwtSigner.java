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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs JWTs with the current key of an algorithm, naming it by {@code kid} and stating the token's {@code typ}. The
 * signer of each algorithm's current key is made once (Nimbus's signers are thread-safe), not per token: turning the
 * JWK into a Java key costs about as much as an ES256 signature.
 */
public final class JwtSigner {
    private final SigningKeys keys;
    private final Clock clock;
    private final Map<JWSAlgorithm, KeySigner> signers = new ConcurrentHashMap<>();

    /** A key's signer; a kid names one key for good, so the signer made for it stays right. */
    private record KeySigner(String kid, JWSSigner signer) {}

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
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(alg).type(type).keyID(key.kid()).build(), claims);
            jwt.sign(signer(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with " + key + " failed", e);
        }
    }

    private JWSSigner signer(SigningKey key) throws JOSEException {
        KeySigner held = signers.get(key.alg());
        if (held != null && held.kid().equals(key.kid())) {
            return held.signer();
        }
        JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(key.privateJwk(), key.alg());
        signers.put(key.alg(), new KeySigner(key.kid(), signer));
        return signer;
    }
}
