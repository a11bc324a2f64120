package io.rescind.core.secret;

import java.security.SecureRandom;
import java.util.Base64;

/** The one source of randomness for identifiers and secrets. */
public final class Entropy {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Entropy() {}

    public static byte[] bytes(int count) {
        byte[] out = new byte[count];
        RANDOM.nextBytes(out);
        return out;
    }

    /** {@code count} random bytes, base64url without padding. */
    public static String base64url(int count) {
        return BASE64URL.encodeToString(bytes(count));
    }

    /** A 128-bit random identifier (22 characters of base64url): ids of grants, sessions, subjects, keys. */
    public static String identifier() {
        return base64url(16);
    }
}
