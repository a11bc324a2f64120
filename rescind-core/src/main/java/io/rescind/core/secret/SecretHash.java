package io.rescind.core.secret;

/**
 * A stored secret hash that records its algorithm: a PHC string ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash})
 * or {@code $hmac-sha256$k=1$mac} for generated secrets.
 */
public record SecretHash(String encoded) {
    public SecretHash {
        if (!encoded.startsWith("$") || encoded.length() > 512) {
            throw new IllegalArgumentException("not a secret hash");
        }
    }

    /** The algorithm named in the hash: {@code argon2id} or {@code hmac-sha256}. */
    public String algorithm() {
        int end = encoded.indexOf('$', 1);
        return end < 0 ? "" : encoded.substring(1, end);
    }

    @Override
    public String toString() {
        return "SecretHash[" + algorithm() + "]";
    }
}
