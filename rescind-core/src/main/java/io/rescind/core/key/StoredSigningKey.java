package io.rescind.core.key;

import java.time.Instant;
import java.util.Optional;

/** A signing key as stored: the public JWK in clear, the private JWK encrypted under the key-encryption key. */
public record StoredSigningKey(
        String kid,
        String alg,
        String publicJwk,
        String encryptedPrivateJwk,
        Instant createdAt,
        Instant activatesAt,
        Optional<Instant> revokedAt) {

    @Override
    public String toString() {
        return "StoredSigningKey[" + kid + ", " + alg + "]";
    }
}
