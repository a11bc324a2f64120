package io.rescind.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * Keys derived from the server's root secret with HKDF-SHA-256 (RFC 5869), one label per purpose.
 *
 * <p>The root secret lives outside the database (an environment variable or a 0600 file), so a copy of the database
 * alone reveals no private key, cannot check a generated client secret, and cannot forge an opaque token.
 */
public final class ServerSecrets {
    public static final int ROOT_BYTES = 32;
    private final byte[] root;

    public ServerSecrets(byte[] root) {
        if (root.length < ROOT_BYTES) {
            throw new IllegalArgumentException("the root secret must be at least 32 bytes");
        }
        this.root = root.clone();
    }

    /** Encrypts private signing keys at rest. */
    public byte[] keyEncryptionKey() {
        return derive("rescind/key-encryption/v1");
    }

    /** The pepper of generated client secrets. */
    public byte[] clientSecretPepper() {
        return derive("rescind/client-secret-pepper/v1");
    }

    /** MACs the opaque tokens (refresh tokens, codes, session and login handles). */
    public byte[] opaqueTokenMacKey() {
        return derive("rescind/opaque-token-mac/v1");
    }

    /** Binds login-form CSRF tokens to the pre-login cookie. */
    public byte[] csrfKey() {
        return derive("rescind/login-csrf/v1");
    }

    /** Binds the CSRF tokens of logout confirmation forms to the session cookie. */
    public byte[] logoutCsrfKey() {
        return derive("rescind/logout-csrf/v1");
    }

    private byte[] derive(String label) {
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            return hkdf.deriveData(HKDFParameterSpec.ofExtract()
                    .addIKM(root)
                    .addSalt("rescind".getBytes(StandardCharsets.US_ASCII))
                    .thenExpand(label.getBytes(StandardCharsets.US_ASCII), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        }
    }
}
