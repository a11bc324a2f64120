package io.rescind.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a pepper kept outside the database, for generated (high-entropy) secrets only.
 *
 * <p>Encoded as {@code $hmac-sha256$k=<pepper id>$<mac>} so a later pepper can be told apart.
 */
public final class PepperedHmac {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private final SecretKeySpec pepper;
    private final int pepperId;

    public PepperedHmac(byte[] pepper, int pepperId) {
        this.pepper = new SecretKeySpec(pepper.clone(), "HmacSHA256");
        this.pepperId = pepperId;
    }

    public SecretHash hash(String secret) {
        return new SecretHash("$hmac-sha256$k=" + pepperId + "$" + B64.encodeToString(mac(secret)));
    }

    /** Constant-time comparison of the recomputed MAC with the stored one. */
    public boolean verify(String secret, SecretHash stored) {
        byte[] expected = hash(secret).encoded().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, stored.encoded().getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
