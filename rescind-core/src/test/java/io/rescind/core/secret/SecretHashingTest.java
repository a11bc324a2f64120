package io.rescind.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** DESIGN §3: Argon2id for passwords and chosen secrets, peppered HMAC for generated ones; the hash names its algorithm. */
class SecretHashingTest {
    static final Argon2id.Cost CHEAP = new Argon2id.Cost(64, 1, 1);
    final SecretHashing hashing = new SecretHashing(new Argon2id(CHEAP), new PepperedHmac(Entropy.bytes(32), 1));

    @Nested
    class Passwords {
        @Test
        void areHashedWithArgon2idInPhcForm() {
            SecretHash hash = hashing.hashPassword("correct horse");
            assertThat(hash.encoded()).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
            assertThat(hash.algorithm()).isEqualTo("argon2id");
        }

        @Test
        void verifyOnlyTheRightPassword() {
            SecretHash hash = hashing.hashPassword("correct horse");
            assertThat(hashing.verify("correct horse", hash)).isTrue();
            assertThat(hashing.verify("correct horsf", hash)).isFalse();
        }

        @Test
        void twoHashesOfOnePasswordDifferByTheirSalt() {
            assertThat(hashing.hashPassword("x").encoded())
                    .isNotEqualTo(hashing.hashPassword("x").encoded());
        }

        @Test
        void aHashMadeWithOtherParametersStillVerifies() {
            SecretHash stronger = new Argon2id(new Argon2id.Cost(128, 2, 1)).hash("pw");
            assertThat(hashing.verify("pw", stronger)).isTrue();
            assertThat(new Argon2id(CHEAP).needsRehash(stronger)).isTrue();
        }

        @Test
        void aTamperedOrMalformedHashNeverVerifies() {
            String good = hashing.hashPassword("pw").encoded();
            assertThat(hashing.verify("pw", new SecretHash(good.substring(0, good.length() - 2) + "AA")))
                    .isFalse();
            assertThat(hashing.verify("pw", new SecretHash("$argon2id$v=19$m=64,t=1$salt$hash")))
                    .isFalse();
            assertThat(hashing.verify("pw", new SecretHash("$unknown$x"))).isFalse();
        }
    }

    @Nested
    class ClientSecrets {
        @Test
        void generatedSecretsCarryAPrefixAnd256RandomBits() {
            String secret = GeneratedSecret.newClientSecret();
            assertThat(secret).startsWith("rsc_cs_").hasSize("rsc_cs_".length() + 43);
            assertThat(GeneratedSecret.matchesFormat(secret)).isTrue();
        }

        @Test
        void generatedSecretsAreHashedWithThePepperedHmac() {
            String secret = GeneratedSecret.newClientSecret();
            SecretHash hash = hashing.hashClientSecret(secret);
            assertThat(hash.encoded()).startsWith("$hmac-sha256$k=1$");
            assertThat(hashing.verify(secret, hash)).isTrue();
            assertThat(hashing.verify(GeneratedSecret.newClientSecret(), hash)).isFalse();
        }

        @Test
        void operatorChosenSecretsAreHashedWithArgon2id() {
            assertThat(hashing.hashClientSecret("chosen by a human").algorithm())
                    .isEqualTo("argon2id");
        }

        @Test
        void anHmacHashDoesNotVerifyUnderAnotherPepper() {
            String secret = GeneratedSecret.newClientSecret();
            SecretHash hash = hashing.hashClientSecret(secret);
            var otherServer = new SecretHashing(new Argon2id(CHEAP), new PepperedHmac(Entropy.bytes(32), 1));
            assertThat(otherServer.verify(secret, hash)).isFalse();
        }
    }

    @Test
    void theHashNeverPrintsItself() {
        assertThat(hashing.hashPassword("pw").toString()).isEqualTo("SecretHash[argon2id]");
    }
}
