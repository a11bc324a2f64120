package io.rescind.core.key;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.rescind.core.secret.Entropy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's signing keys: ES256 for access tokens, RS256 (and ES256) for ID tokens (DESIGN §3). Holds the current
 * {@link KeyRing}, creates the first keys, and rotates with pre-publication.
 */
public final class SigningKeys {
    /** The algorithms Rescind signs with; every verifier accepts only these. */
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    private final SigningKeyStore store;
    private final KeyEncryption encryption;
    private final Clock clock;
    private final Duration retention;
    private volatile KeyRing ring;

    public SigningKeys(SigningKeyStore store, KeyEncryption encryption, Clock clock, Duration retention) {
        this.store = store;
        this.encryption = encryption;
        this.clock = clock;
        this.retention = retention;
        this.ring = new KeyRing(List.of(), retention);
    }

    public KeyRing ring() {
        return ring;
    }

    /** Reads the keys again from the store (at start, and when another process rotated them). */
    public void reload() {
        List<SigningKey> keys = new ArrayList<>();
        for (StoredSigningKey stored : store.all()) {
            JWK jwk = encryption.decrypt(stored.kid(), stored.encryptedPrivateJwk());
            keys.add(new SigningKey(
                    stored.kid(),
                    JWSAlgorithm.parse(stored.alg()),
                    jwk,
                    stored.createdAt(),
                    stored.activatesAt(),
                    stored.revokedAt()));
        }
        ring = new KeyRing(keys, retention);
    }

    /** Creates a key for every algorithm that has none that is active or pending; answers the keys it created. */
    public List<SigningKey> ensureKeys() {
        reload();
        Instant now = clock.instant();
        List<SigningKey> created = new ArrayList<>();
        for (JWSAlgorithm alg : ALGORITHMS) {
            boolean hasUsable = ring.keys().stream().anyMatch(k -> k.alg().equals(alg) && !k.isRevoked());
            if (!hasUsable) {
                created.add(create(alg, now));
            }
        }
        if (!created.isEmpty()) {
            reload();
        }
        return created;
    }

    /**
     * Creates the next key of every algorithm. It is published at once and signs only after {@code prepublication},
     * so every verifier that caches the JWK Set for less than that already knows it.
     */
    public List<SigningKey> rotate(Duration prepublication) {
        Instant now = clock.instant();
        List<SigningKey> created = new ArrayList<>();
        for (JWSAlgorithm alg : ALGORITHMS) {
            created.add(create(alg, now.plus(prepublication)));
        }
        reload();
        return created;
    }

    private SigningKey create(JWSAlgorithm alg, Instant activatesAt) {
        String kid = Entropy.identifier();
        JWK jwk = generate(alg, kid);
        Instant now = clock.instant();
        store.insert(new StoredSigningKey(
                kid,
                alg.getName(),
                jwk.toPublicJWK().toJSONString(),
                encryption.encrypt(jwk),
                now,
                activatesAt,
                Optional.empty()));
        return new SigningKey(kid, alg, jwk, now, activatesAt, Optional.empty());
    }

    private static JWK generate(JWSAlgorithm alg, String kid) {
        try {
            if (alg.equals(JWSAlgorithm.ES256)) {
                return new ECKeyGenerator(Curve.P_256)
                        .keyID(kid)
                        .algorithm(alg)
                        .keyUse(KeyUse.SIGNATURE)
                        .generate();
            }
            if (alg.equals(JWSAlgorithm.RS256)) {
                return new RSAKeyGenerator(2048)
                        .keyID(kid)
                        .algorithm(alg)
                        .keyUse(KeyUse.SIGNATURE)
                        .generate();
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
        throw new IllegalArgumentException("unsupported signing algorithm " + alg);
    }
}
