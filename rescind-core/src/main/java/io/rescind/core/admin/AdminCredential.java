package io.rescind.core.admin;

import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.Sha256;
import java.security.MessageDigest;

/**
 * The Bearer credential of the admin API. Only its SHA-256 is kept in memory, and a presented value is compared by
 * its SHA-256 in constant time, so neither the comparison's timing nor a heap dump gives the credential away.
 */
public final class AdminCredential {
    public static final String PREFIX = "rsc_admin_";
    /** An operator-chosen credential must be at least this long: it guards every user, client and key. */
    public static final int MIN_LENGTH = 32;

    private static final int MAX_LENGTH = 512;

    private final byte[] digest;

    private AdminCredential(String credential) {
        this.digest = Sha256.of(credential);
    }

    /** A new credential: the prefix and 256 random bits. */
    public static String generate() {
        return PREFIX + Entropy.base64url(32);
    }

    /** Throws {@link IllegalArgumentException} for a credential too short or unusable in an HTTP header. */
    public static AdminCredential of(String credential) {
        if (credential.length() < MIN_LENGTH
                || credential.length() > MAX_LENGTH
                || !credential.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the admin credential must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " visible ASCII characters without spaces");
        }
        return new AdminCredential(credential);
    }

    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, Sha256.of(presented));
    }

    @Override
    public String toString() {
        return "AdminCredential[...]";
    }
}
