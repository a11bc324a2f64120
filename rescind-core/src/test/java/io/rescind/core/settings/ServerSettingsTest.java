package io.rescind.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSettingsTest {
    @Test
    void theDefaultsAreValid() {
        assertThat(ServerSettings.defaults(URI.create("https://id.example.com")).keyRetention())
                .isEqualTo(Duration.ofHours(25));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://id.example.com/tenant",
                "https://id.example.com/",
                "ftp://id.example.com",
                "https://id.example.com?x=1",
                "https://user@id.example.com",
                "id.example.com"
            })
    void anIssuerThatIsNotABareHttpOriginIsRefused(String issuer) {
        assertThatThrownBy(() -> ServerSettings.defaults(URI.create(issuer)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuer");
    }

    @Test
    void keyRetentionShorterThanTheLongestAccessTokenIsRefused() {
        var d = ServerSettings.defaults(URI.create("https://id.example.com"));
        assertThatThrownBy(() -> new ServerSettings(
                        d.issuer(),
                        d.defaultAudience(),
                        d.audiences(),
                        d.authorizationCodeTtl(),
                        d.loginTransactionTtl(),
                        d.sessionIdleTimeout(),
                        d.sessionMaxLifetime(),
                        d.refreshTokenReuseGrace(),
                        d.keyPrepublication(),
                        Duration.ofHours(1),
                        d.loginThrottling(),
                        d.argon2Cost(),
                        d.maxRequestBytes(),
                        d.accessTokenCacheEntries(),
                        d.outboundAllowlist(),
                        d.revocation(),
                        d.backChannel(),
                        d.admin()))
                .hasMessageContaining("key_retention");
    }

    @Test
    void aDurationFarBeyondAnySensibleValueIsRefused() {
        var d = ServerSettings.defaults(URI.create("https://id.example.com"));
        assertThatThrownBy(() -> new ServerSettings(
                        d.issuer(),
                        d.defaultAudience(),
                        d.audiences(),
                        Duration.ofSeconds(Long.MAX_VALUE),
                        d.loginTransactionTtl(),
                        d.sessionIdleTimeout(),
                        d.sessionMaxLifetime(),
                        d.refreshTokenReuseGrace(),
                        d.keyPrepublication(),
                        d.keyRetention(),
                        d.loginThrottling(),
                        d.argon2Cost(),
                        d.maxRequestBytes(),
                        d.accessTokenCacheEntries(),
                        d.outboundAllowlist(),
                        d.revocation(),
                        d.backChannel(),
                        d.admin()))
                .hasMessageContaining("authorization_code_ttl");
    }
}
