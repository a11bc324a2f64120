package io.rescind.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
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
import java.util.Optional;
import java.util.Set;

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
    private final JOSEObjectType type;
    private final String issuer;
    private final Clock clock;
    private final Expiry expiry;

    public JwtVerifier(SigningKeys keys, JOSEObjectType type, String issuer, Clock clock) {
        this(keys, type, issuer, clock, Expiry.ENFORCED);
    }

    public JwtVerifier(SigningKeys keys, JOSEObjectType type, String issuer, Clock clock, Expiry expiry) {
        this.keys = keys;
        this.type = type;
        this.issuer = issuer;
        this.clock = clock;
        this.expiry = expiry;
    }

    /** The verified claims, or empty for anything malformed, forged, foreign, of another type or expired. */
    public Optional<VerifiedJwt> verify(String jwt) {
        if (!CompactJws.isWellFormed(jwt)) {
            return Optional.empty();
        }
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(type));
        String[] kid = new String[1];
        processor.setJWSKeySelector(keySelector(kid));
        var claimsVerifier =
                new DefaultJWTClaimsVerifier<SecurityContext>(
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
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            return Optional.of(new VerifiedJwt(claims, kid[0]));
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

    private JWSKeySelector<SecurityContext> keySelector(String[] selectedKid) {
        return (JWSHeader header, SecurityContext context) -> {
            if (header.getKeyID() == null) {
                return List.of();
            }
            Optional<SigningKey> key = keys.ring().verificationKey(header.getKeyID(), clock.instant());
            if (key.isEmpty() || !key.get().alg().equals(header.getAlgorithm())) {
                return List.of();
            }
            selectedKid[0] = key.get().kid();
            try {
                return List.<Key>of(((AsymmetricJWK) key.get().publicJwk()).toPublicKey());
            } catch (JOSEException e) {
                throw new KeySourceException("unusable key " + key.get().kid(), e);
            }
        };
    }
}
