package io.rescind.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens of a form (the login form, the logout confirmation): an HMAC-SHA-256, under a key of the form's own,
 * over the form's handle and the browser's cookie. A form posted from another site lacks the cookie; a form of another
 * browser carries a token that does not match.
 */
public final class CsrfTokens {
    private final SecretKeySpec key;

    public CsrfTokens(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    public String token(String handle, String browserCookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal((handle + "|" + browserCookie).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    /** Compares in constant time. */
    public boolean check(String handle, String browserCookie, String presented) {
        return MessageDigest.isEqual(
                token(handle, browserCookie).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
