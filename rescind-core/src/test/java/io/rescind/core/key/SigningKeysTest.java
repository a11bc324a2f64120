package io.rescind.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import io.rescind.core.secret.Entropy;
import io.rescind.core.testing.InMemorySigningKeyStore;
import io.rescind.core.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** DESIGN §3: keys encrypted at rest; rotation publishes the next key before it signs; old keys stay published. */
class SigningKeysTest {
    static final Duration RETENTION = Duration.ofHours(25);
    final TestClock clock = new TestClock();
    final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    final KeyEncryption encryption = new KeyEncryption(Entropy.bytes(32));
    final SigningKeys keys = new SigningKeys(store, encryption, clock, RETENTION);

    @Nested
    class FirstStart {
        @Test
        void createsOneActiveKeyPerAlgorithm() {
            keys.ensureKeys();
            assertThat(keys.ring().signingKey(JWSAlgorithm.ES256, clock.instant()))
                    .isPresent();
            assertThat(keys.ring().signingKey(JWSAlgorithm.RS256, clock.instant()))
                    .isPresent();
            assertThat(keys.ensureKeys()).isEmpty();
        }
    }

    @Nested
    class AtRest {
        @Test
        void privateKeysAreStoredEncryptedAndPublicKeysInClear() {
            keys.ensureKeys();
            assertThat(store.all()).hasSize(2).allSatisfy(stored -> {
                assertThat(stored.encryptedPrivateJwk())
                        .doesNotContain("\"d\"")
                        .hasLineCount(1)
                        .contains(".");
                assertThat(stored.publicJwk()).doesNotContain("\"d\"");
            });
        }

        @Test
        void anotherKeyEncryptionKeyCannotLoadThem() {
            keys.ensureKeys();
            var other = new SigningKeys(store, new KeyEncryption(Entropy.bytes(32)), clock, RETENTION);
            assertThatThrownBy(other::reload)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("server secret");
        }

        @Test
        void aCiphertextMovedToAnotherKeysRowDoesNotDecrypt() {
            keys.ensureKeys();
            StoredSigningKey a = store.keys.get(0);
            StoredSigningKey b = store.keys.get(1);
            store.keys.set(
                    0,
                    new StoredSigningKey(
                            a.kid(),
                            a.alg(),
                            a.publicJwk(),
                            b.encryptedPrivateJwk(),
                            a.createdAt(),
                            a.activatesAt(),
                            a.revokedAt()));
            assertThatThrownBy(keys::reload)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("encrypted key " + a.kid() + " is bound to another key id");
        }
    }

    @Nested
    class Rotation {
        @Test
        void theNextKeyIsPublishedAtOnceButSignsOnlyAfterThePrepublicationDelay() {
            keys.ensureKeys();
            SigningKey current =
                    keys.ring().signingKey(JWSAlgorithm.ES256, clock.instant()).orElseThrow();
            SigningKey next = keys.rotate(Duration.ofHours(1)).stream()
                    .filter(k -> k.alg().equals(JWSAlgorithm.ES256))
                    .findFirst()
                    .orElseThrow();
            KeyRing ring = keys.ring();
            assertThat(ring.published(clock.instant()).getKeyByKeyId(next.kid()))
                    .isNotNull();
            assertThat(ring.signingKey(JWSAlgorithm.ES256, clock.instant())
                            .orElseThrow()
                            .kid())
                    .isEqualTo(current.kid());

            clock.advance(Duration.ofHours(1));
            assertThat(keys.ring()
                            .signingKey(JWSAlgorithm.ES256, clock.instant())
                            .orElseThrow()
                            .kid())
                    .isEqualTo(next.kid());
        }

        @Test
        void theRetiredKeyStaysPublishedForTheRetentionThenGoes() {
            keys.ensureKeys();
            SigningKey old =
                    keys.ring().signingKey(JWSAlgorithm.ES256, clock.instant()).orElseThrow();
            clock.advance(Duration.ofSeconds(1));
            keys.rotate(Duration.ZERO);
            clock.advance(RETENTION.minusSeconds(1));
            assertThat(keys.ring().verificationKey(old.kid(), clock.instant())).isPresent();
            clock.advance(Duration.ofSeconds(1));
            assertThat(keys.ring().verificationKey(old.kid(), clock.instant())).isEmpty();
            assertThat(keys.ring().published(clock.instant()).getKeyByKeyId(old.kid()))
                    .isNull();
        }

        @Test
        void theJwkSetNeverContainsPrivateParts() {
            keys.ensureKeys();
            keys.rotate(Duration.ofHours(1));
            assertThat(keys.ring().published(clock.instant()).getKeys())
                    .allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        }
    }

    @Test
    void keysMadeWithinOneClockTickStillHaveOneDefinedSuccessor() {
        keys.ensureKeys();
        keys.rotate(Duration.ZERO);
        KeyRing ring = keys.ring();
        List<SigningKey> es256 = ring.keys().stream()
                .filter(k -> k.alg().equals(JWSAlgorithm.ES256))
                .toList();
        assertThat(es256)
                .as("the first key and its successor, made in the same tick")
                .hasSize(2);
        SigningKey signing =
                ring.signingKey(JWSAlgorithm.ES256, clock.instant()).orElseThrow();
        assertThat(es256).contains(signing);
        long published = es256.stream()
                .filter(k -> signing != k)
                .filter(k -> ring.isPublished(k, clock.instant().plus(RETENTION)))
                .count();
        assertThat(published).as("the key that does not sign retires").isZero();
        assertThat(ring.isPublished(signing, clock.instant().plus(RETENTION)))
                .as("the key that signs stays published")
                .isTrue();
    }

    @Nested
    class Revoked {
        @Test
        void aRevokedKeyNeitherSignsNorVerifies() {
            keys.ensureKeys();
            StoredSigningKey es = store.keys.stream()
                    .filter(k -> k.alg().equals("ES256"))
                    .findFirst()
                    .orElseThrow();
            store.keys.replaceAll(k -> k == es
                    ? new StoredSigningKey(
                            k.kid(),
                            k.alg(),
                            k.publicJwk(),
                            k.encryptedPrivateJwk(),
                            k.createdAt(),
                            k.activatesAt(),
                            Optional.of(clock.instant()))
                    : k);
            keys.reload();
            assertThat(keys.ring().signingKey(JWSAlgorithm.ES256, clock.instant()))
                    .isEmpty();
            assertThat(keys.ring().verificationKey(es.kid(), clock.instant())).isEmpty();
            assertThatThrownBy(() -> keys.ring().requireSigningKey(JWSAlgorithm.ES256, clock.instant()))
                    .hasMessageContaining("no active ES256 signing key");
        }
    }
}
