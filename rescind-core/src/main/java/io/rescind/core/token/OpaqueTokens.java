package io.rescind.core.token;

import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-identifying opaque tokens: a kind prefix, 256 random bits and a 128-bit MAC under a key that is never
 * published (DESIGN §3). The MAC rejects garbage and forgeries before any lookup; the store keeps only a SHA-256
 * of the whole token. There is no dot in the format, so it cannot be mistaken for a JWT.
 */
public final class OpaqueTokens {
    private static final int RANDOM_BYTES = 32;
    private static final int MAC_BYTES = 16;
    private static final int BODY_CHARS = 64; // base64url of 48 bytes, no padding
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec macKey;

    public OpaqueTokens(byte[] macKey) {
        this.macKey = new SecretKeySpec(macKey.clone(), "HmacSHA256");
    }

    public String mint(OpaqueTokenKind kind) {
        byte[] random = Entropy.bytes(RANDOM_BYTES);
        byte[] body = Arrays.copyOf(random, RANDOM_BYTES + MAC_BYTES);
        System.arraycopy(mac(kind, random), 0, body, RANDOM_BYTES, MAC_BYTES);
        return kind.prefix() + ENCODER.encodeToString(body);
    }

    /** Whether {@code token} is a well-formed token of this kind minted here (constant-time MAC check). */
    public boolean isGenuine(OpaqueTokenKind kind, String token) {
        if (token.length() != kind.prefix().length() + BODY_CHARS || !token.startsWith(kind.prefix())) {
            return false;
        }
        byte[] body;
        try {
            body = DECODER.decode(token.substring(kind.prefix().length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (body.length != RANDOM_BYTES + MAC_BYTES) {
            return false;
        }
        byte[] expected = mac(kind, Arrays.copyOf(body, RANDOM_BYTES));
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(body, RANDOM_BYTES, body.length));
    }

    /** What the store keeps instead of the token: SHA-256 of it (the token has 256 bits of entropy). */
    public static byte[] storageHash(String token) {
        return Sha256.of(token);
    }

    private byte[] mac(OpaqueTokenKind kind, byte[] random) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            mac.update(kind.prefix().getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(mac.doFinal(random), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
