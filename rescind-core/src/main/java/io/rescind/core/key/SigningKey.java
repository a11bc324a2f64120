package io.rescind.core.key;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;
import java.util.Optional;

/**
 * A signing key with its private part, in memory only. It signs from {@code activatesAt} until a newer key of the
 * same algorithm activates; it is published from creation (pre-publication) until its retention ends.
 */
public record SigningKey(
        String kid,
        JWSAlgorithm alg,
        JWK privateJwk,
        Instant createdAt,
        Instant activatesAt,
        Optional<Instant> revokedAt) {

    public SigningKey {
        if (!privateJwk.isPrivate() || !kid.equals(privateJwk.getKeyID())) {
            throw new IllegalArgumentException("a signing key needs its private part and a matching kid");
        }
    }

    public JWK publicJwk() {
        return privateJwk.toPublicJWK();
    }

    public boolean isRevoked() {
        return revokedAt.isPresent();
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + alg + "]";
    }
}
