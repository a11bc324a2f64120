package io.rescind.core.token;

import java.util.regex.Pattern;

/**
 * The shape of a JWS in compact serialization (RFC 7515 §7.1): three base64url segments (RFC 7515 §2, no padding)
 * joined by dots. Checked before any parsing, because the JOSE library's base64url decoder skips characters outside
 * the alphabet: {@code token + "!"} or a NUL inside the signature would otherwise verify as the genuine token.
 */
public final class CompactJws {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private CompactJws() {}

    public static boolean isWellFormed(String token) {
        return SHAPE.matcher(token).matches();
    }
}
