package io.rescind.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerSecretsTest {
    final ServerSecrets secrets = new ServerSecrets(Entropy.bytes(32));

    @Test
    void everyPurposeGetsItsOwn256BitKey() {
        var keys = java.util.List.of(
                secrets.keyEncryptionKey(),
                secrets.clientSecretPepper(),
                secrets.opaqueTokenMacKey(),
                secrets.csrfKey(),
                secrets.logoutCsrfKey());
        assertThat(keys).allSatisfy(k -> assertThat(k).hasSize(32));
        assertThat(keys.stream().map(java.util.Arrays::toString).distinct()).hasSize(5);
    }

    @Test
    void derivationIsStableForOneRootSecret() {
        byte[] root = Entropy.bytes(32);
        assertThat(new ServerSecrets(root).keyEncryptionKey()).isEqualTo(new ServerSecrets(root).keyEncryptionKey());
    }

    @Test
    void aRootSecretShorterThan256BitsIsRefused() {
        assertThatThrownBy(() -> new ServerSecrets(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
