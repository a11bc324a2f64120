package io.rescind.core.secret;

import java.util.regex.Pattern;

/**
 * A client secret Rescind generates: a prefix and 256 random bits. Because it cannot be guessed, a peppered
 * HMAC-SHA-256 is a safe hash for it, and client authentication stays in microseconds (DESIGN §3).
 */
public final class GeneratedSecret {
    public static final String PREFIX = "rsc_cs_";
    private static final Pattern FORMAT = Pattern.compile("rsc_cs_[A-Za-z0-9_-]{43}");

    private GeneratedSecret() {}

    public static String newClientSecret() {
        return PREFIX + Entropy.base64url(32);
    }

    /** Whether {@code secret} has the generated format (so it carries 256 bits of entropy). */
    public static boolean matchesFormat(String secret) {
        return FORMAT.matcher(secret).matches();
    }
}
