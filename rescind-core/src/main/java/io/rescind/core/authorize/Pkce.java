package io.rescind.core.authorize;

import io.rescind.core.protocol.OAuthError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/** Proof Key for Code Exchange (RFC 7636), {@code S256} only: {@code plain} offers no protection and is refused. */
public final class Pkce {
    public static final String S256 = "S256";
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {}

    /** Checks a {@code code_challenge} and its method at the authorization endpoint. */
    public static String requireChallenge(String challenge, String method) {
        if (!S256.equals(method)) {
            throw OAuthError.INVALID_REQUEST.exception("code_challenge_method must be S256");
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            throw OAuthError.INVALID_REQUEST.exception("code_challenge must be 43 characters of base64url");
        }
        return challenge;
    }

    /** Whether {@code verifier} is well formed and its S256 transform equals {@code challenge} (constant-time). */
    public static boolean verify(String challenge, String verifier) {
        if (!VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        return MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}, RFC 7636 §4.2. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
