package io.rescind.core.key;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;

/**
 * Encrypts private keys at rest as a JWE ({@code dir}, {@code A256GCM}) under the key-encryption key.
 *
 * <p>The key id is in the protected header, which AES-GCM authenticates: a ciphertext moved to another key's row
 * does not decrypt as that key.
 */
public final class KeyEncryption {
    private final byte[] keyEncryptionKey;

    public KeyEncryption(byte[] keyEncryptionKey) {
        if (keyEncryptionKey.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 256 bits");
        }
        this.keyEncryptionKey = keyEncryptionKey.clone();
    }

    public String encrypt(JWK privateJwk) {
        try {
            var jwe = new JWEObject(
                    new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                            .keyID(privateJwk.getKeyID())
                            .build(),
                    new Payload(privateJwk.toJSONString()));
            jwe.encrypt(new DirectEncrypter(keyEncryptionKey));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt a private key", e);
        }
    }

    public JWK decrypt(String kid, String encrypted) {
        try {
            JWEObject jwe = JWEObject.parse(encrypted);
            if (!kid.equals(jwe.getHeader().getKeyID())) {
                throw new IllegalStateException("encrypted key " + kid + " is bound to another key id");
            }
            jwe.decrypt(new DirectDecrypter(keyEncryptionKey));
            JWK jwk = JWK.parse(jwe.getPayload().toString());
            if (!kid.equals(jwk.getKeyID())) {
                throw new IllegalStateException("encrypted key " + kid + " holds another key id");
            }
            return jwk;
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(
                    "cannot decrypt signing key " + kid + ": is this the server secret the keys were made with?", e);
        }
    }
}
