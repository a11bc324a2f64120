package io.rescind.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.rescind.core.key.SigningKey;
import io.rescind.core.key.SigningKeys;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies JWTs this server signed, pinned to one {@code typ} (RFC 8725 §3.11). Strict JOSE: the header must name a
 * published key by {@code kid} and use that key's algorithm; unsecured ({@code alg:none}) JWTs are refused by Nimbus's
 * processor by design, and so are HMAC algorithms, which no key here has.
 */
public final class JwtVerifier {
    /** Whether a token past its {@code exp} verifies. */
    public enum Expiry {
        ENFORCED,
        /** For a token that is a hint or a handle, never a credential: an ID token hint, a token to revoke. */
        IGNORED
    }

    private final SigningKeys keys;
    private final Clock clock;
    private final DefaultJWTProcessor<Selection> processor = new DefaultJWTProcessor<>();
    /** Public keys by kid: a kid names one key for good; only keys of the ring get here, and few at that. */
    private final Map<String, Key> publicKeys = new ConcurrentHashMap<>();

    /** Where the key selector notes the key it chose, per verification (the processor is shared). */
    private static final class Selection implements SecurityContext {
        String kid;
    }

    public JwtVerifier(SigningKeys keys, JOSEObjectType type, String issuer, Clock clock) {
        this(keys, type, issuer, clock, Expiry.ENFORCED);
    }

    public JwtVerifier(SigningKeys keys, JOSEObjectType type, String issuer, Clock clock, Expiry expiry) {
        this.keys = keys;
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(type));
        processor.setJWSKeySelector(this::selectKey);
        var claimsVerifier =
                new DefaultJWTClaimsVerifier<Selection>(
                        null,
                        new JWTClaimsSet.Builder().issuer(issuer).build(),
                        Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.ISSUED_AT, JWTClaimNames.SUBJECT),
                        null) {
                    @Override
                    protected Date currentTime() {
                        // Nimbus skips the exp and nbf checks when there is no "now".
                        return expiry == Expiry.ENFORCED ? Date.from(clock.instant()) : null;
                    }
                };
        claimsVerifier.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claimsVerifier);
    }

    /** The verified claims, or empty for anything malformed, forged, foreign, of another type or expired. */
    public Optional<VerifiedJwt> verify(String jwt) {
        if (!CompactJws.isWellFormed(jwt)) {
            return Optional.empty();
        }
        var selection = new Selection();
        try {
            JWTClaimsSet claims = processor.process(jwt, selection);
            return Optional.of(new VerifiedJwt(claims, selection.kid));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a token signed with {@code kid} would still find its key now: a key retired past its retention, or
     * gone from the store, verifies nothing (for tokens verified earlier and remembered).
     */
    public boolean keyStillVerifies(String kid) {
        return keys.ring().verificationKey(kid, clock.instant()).isPresent();
    }

    private List<Key> selectKey(JWSHeader header, Selection selection) throws KeySourceException {
        if (header.getKeyID() == null) {
            return List.of();
        }
        Optional<SigningKey> key = keys.ring().verificationKey(header.getKeyID(), clock.instant());
        if (key.isEmpty() || !key.get().alg().equals(header.getAlgorithm())) {
            return List.of();
        }
        selection.kid = key.get().kid();
        return List.of(publicKey(key.get()));
    }

    private Key publicKey(SigningKey key) throws KeySourceException {
        Key held = publicKeys.get(key.kid());
        if (held != null) {
            return held;
        }
        try {
            Key made = ((AsymmetricJWK) key.publicJwk()).toPublicKey();
            publicKeys.put(key.kid(), made);
            return made;
        } catch (JOSEException e) {
            throw new KeySourceException("unusable key " + key.kid(), e);
        }
    }
}
