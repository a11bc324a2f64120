package io.rescind.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKey;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.secret.Entropy;
import io.rescind.core.testing.InMemorySigningKeyStore;
import io.rescind.core.testing.TestClock;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict JOSE (RFC 8725): one pinned typ, keys by kid, no alg:none, no HMAC, exp checked on the injected clock. */
class JwtVerifierTest {
    static final String ISSUER = "https://rescind.example";
    final TestClock clock = new TestClock();
    final SigningKeys keys = new SigningKeys(
            new InMemorySigningKeyStore(), new KeyEncryption(Entropy.bytes(32)), clock, Duration.ofHours(25));
    final JwtSigner signer = new JwtSigner(keys, clock);
    final JwtVerifier accessTokens = new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, ISSUER, clock);

    @BeforeEach
    void keys() {
        keys.ensureKeys();
    }

    JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(300)))
                .build();
    }

    SigningKey esKey() {
        return keys.ring().signingKey(JWSAlgorithm.ES256, clock.instant()).orElseThrow();
    }

    @Test
    void aTokenSignedHereWithTheRightTypVerifiesAndNamesItsKey() {
        String jwt = signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, claims());
        assertThat(accessTokens.verify(jwt))
                .hasValueSatisfying(v -> assertThat(v.kid()).isEqualTo(esKey().kid()));
    }

    @Nested
    class PinnedTyp {
        @Test
        void anIdTokenIsNeverAnAccessToken() {
            String idToken = signer.sign(JWSAlgorithm.RS256, TokenTypes.ID_TOKEN, claims());
            assertThat(accessTokens.verify(idToken)).isEmpty();
        }

        @Test
        void aTokenWithoutTypIsRefused() throws Exception {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(esKey().kid())
                            .build(),
                    claims());
            jwt.sign(new ECDSASigner((ECKey) esKey().privateJwk()));
            assertThat(accessTokens.verify(jwt.serialize())).isEmpty();
        }

        @Test
        void aLogoutTokenTypIsRefused() {
            String jwt = signer.sign(JWSAlgorithm.ES256, new JOSEObjectType("logout+jwt"), claims());
            assertThat(accessTokens.verify(jwt)).isEmpty();
        }
    }

    @Nested
    class Algorithms {
        @Test
        void anUnsecuredJwtIsRefused() {
            var plain = new PlainJWT(claims());
            assertThat(accessTokens.verify(plain.serialize())).isEmpty();
        }

        @Test
        void hs256KeyedWithThePublicKeyIsRefused() throws Exception {
            // The classic algorithm-confusion attack: HMAC with the server's public key as the shared secret.
            byte[] publicKey = esKey().publicJwk().toECKey().toPublicKey().getEncoded();
            byte[] secret = java.util.Arrays.copyOf(publicKey, Math.max(32, publicKey.length));
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .type(TokenTypes.ACCESS_TOKEN)
                            .keyID(esKey().kid())
                            .build(),
                    claims());
            jwt.sign(new MACSigner(secret));
            assertThat(accessTokens.verify(jwt.serialize())).isEmpty();
        }

        @Test
        void anAlgorithmOtherThanTheNamedKeysIsRefused() throws Exception {
            SigningKey rsa =
                    keys.ring().signingKey(JWSAlgorithm.RS256, clock.instant()).orElseThrow();
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(TokenTypes.ACCESS_TOKEN)
                            .keyID(rsa.kid())
                            .build(),
                    claims());
            jwt.sign(new ECDSASigner((ECKey) esKey().privateJwk()));
            assertThat(accessTokens.verify(jwt.serialize())).isEmpty();
        }
    }

    @Nested
    class KeysByKid {
        @Test
        void aTokenWithoutKidIsRefused() throws Exception {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(TokenTypes.ACCESS_TOKEN)
                            .build(),
                    claims());
            jwt.sign(new ECDSASigner((ECKey) esKey().privateJwk()));
            assertThat(accessTokens.verify(jwt.serialize())).isEmpty();
        }

        @Test
        void aForeignKeyUnderOurKidIsRefused() throws Exception {
            ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(esKey().kid()).generate();
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(TokenTypes.ACCESS_TOKEN)
                            .keyID(esKey().kid())
                            .build(),
                    claims());
            jwt.sign(new ECDSASigner(foreign));
            assertThat(accessTokens.verify(jwt.serialize())).isEmpty();
        }

        @Test
        void aTamperedPayloadIsRefused() {
            String jwt = signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, claims());
            String[] parts = jwt.split("\\.");
            String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
            assertThat(accessTokens.verify(tampered)).isEmpty();
        }
    }

    @Nested
    class Claims {
        @Test
        void anExpiredTokenIsRefusedWithoutSkew() {
            String jwt = signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, claims());
            clock.advance(Duration.ofSeconds(299));
            assertThat(accessTokens.verify(jwt)).isPresent();
            clock.advance(Duration.ofSeconds(1));
            assertThat(accessTokens.verify(jwt)).isEmpty();
        }

        @Test
        void anotherIssuerIsRefused() {
            var other = new JWTClaimsSet.Builder(claims())
                    .issuer("https://evil.example")
                    .build();
            assertThat(accessTokens.verify(signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, other)))
                    .isEmpty();
        }

        /**
         * The JOSE library's base64url decoder skips characters outside the alphabet: a genuine token with any of them
         * added, after it or inside its signature, must not verify as the genuine one.
         */
        @ParameterizedTest
        @ValueSource(strings = {"\u0000", "!", " ", "\n", "%", "é", "=", "+", "/"})
        void aGenuineTokenWithAForeignCharacterAddedIsRefused(String extra) {
            String jwt = signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, claims());
            int inSignature = jwt.lastIndexOf('.') + 5;
            assertThat(accessTokens.verify(jwt)).isPresent();

            assertThat(accessTokens.verify(jwt + extra)).isEmpty();
            assertThat(accessTokens.verify(jwt.substring(0, inSignature) + extra + jwt.substring(inSignature)))
                    .isEmpty();
        }

        @Test
        void garbageIsRefused() {
            assertThat(accessTokens.verify("not a jwt")).isEmpty();
            assertThat(accessTokens.verify("a.b.c")).isEmpty();
            assertThat(accessTokens.verify("")).isEmpty();
        }
    }
}
