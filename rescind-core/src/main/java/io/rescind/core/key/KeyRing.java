package io.rescind.core.key;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.protocol.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of the signing keys and the rotation rules over them.
 *
 * <ul>
 *   <li>The signing key of an algorithm is its newest key that has activated and is not revoked.
 *   <li>A key is published from its creation, so verifiers learn it before it signs (pre-publication), until
 *       {@code retention} after a newer key of its algorithm activated (every token it signed has expired by then).
 *   <li>A revoked key is neither used nor published.
 * </ul>
 */
public final class KeyRing {
    /** A total order, so "newer" is never ambiguous, even for keys made within one clock tick. */
    private static final Comparator<SigningKey> ORDER = Comparator.comparing(SigningKey::activatesAt)
            .thenComparing(SigningKey::createdAt)
            .thenComparing(SigningKey::kid);

    private final List<SigningKey> keys;
    private final Duration retention;

    public KeyRing(List<SigningKey> keys, Duration retention) {
        this.keys = keys.stream().sorted(ORDER).toList();
        this.retention = retention;
    }

    public List<SigningKey> keys() {
        return keys;
    }

    public Optional<SigningKey> signingKey(JWSAlgorithm alg, Instant now) {
        return keys.stream()
                .filter(k -> k.alg().equals(alg)
                        && !k.isRevoked()
                        && !k.activatesAt().isAfter(now))
                .reduce((older, newer) -> newer);
    }

    /** The key to sign with; issuance stops (503) rather than sign with nothing. */
    public SigningKey requireSigningKey(JWSAlgorithm alg, Instant now) {
        return signingKey(alg, now)
                .orElseThrow(() -> OAuthError.TEMPORARILY_UNAVAILABLE.exception("no active " + alg + " signing key"));
    }

    public boolean isPublished(SigningKey key, Instant now) {
        if (key.isRevoked()) {
            return false;
        }
        Optional<Instant> retiredAt = keys.stream()
                .filter(k -> k.alg().equals(key.alg())
                        && !k.isRevoked()
                        && !k.activatesAt().isAfter(now))
                .filter(k -> ORDER.compare(k, key) > 0)
                .map(SigningKey::activatesAt)
                .min(Comparator.naturalOrder());
        return retiredAt.map(at -> now.isBefore(at.plus(retention))).orElse(true);
    }

    /** The JWK Set served at {@code /jwks}: public parts of the published keys. */
    public JWKSet published(Instant now) {
        List<JWK> jwks = keys.stream()
                .filter(k -> isPublished(k, now))
                .map(SigningKey::publicJwk)
                .toList();
        return new JWKSet(jwks);
    }

    /** The published key with this {@code kid}: tokens are verified only by the key they name. */
    public Optional<SigningKey> verificationKey(String kid, Instant now) {
        return keys.stream()
                .filter(k -> k.kid().equals(kid) && isPublished(k, now))
                .findFirst();
    }
}
