package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a connection is told: TLS settings nothing can silently override, and no password where logs may see it. */
class ConnectionSettingsTest {
    private static final String URL = "jdbc:postgresql://db.internal:5432/rescind";

    @Nested
    class TlsSettings {
        @Test
        void aUrlThatSetsTheSslModeIsRefusedBesideThem() {
            // pgjdbc lets the URL win: verify-full given separately would silently connect in the clear.
            var settings =
                    new ConnectionSettings(URL + "?ApplicationName=x&sslmode=disable", "rescind", Optional.empty());

            assertThatThrownBy(() -> settings.withTls(Tls.of(SslMode.VERIFY_FULL)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sets sslmode");
        }

        @Test
        void aUrlThatSwapsTheSslFactoryIsRefusedBesideThem() {
            // NonValidatingFactory would accept any certificate under verify-full.
            var settings = new ConnectionSettings(
                    URL + "?sslfactory=org.postgresql.ssl.NonValidatingFactory", "rescind", Optional.empty());

            assertThatThrownBy(() -> settings.withTls(Tls.of(SslMode.VERIFY_FULL)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sets sslfactory");
        }

        @Test
        void aRootCertificateWithAModeThatVerifiesNothingIsRefused() {
            assertThatThrownBy(() -> new Tls(SslMode.REQUIRE, Optional.of(Path.of("/etc/rescind/ca.pem"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("verify-ca and verify-full");
        }

        @Test
        void anUnknownSslModeIsRefusedNamingTheKnownOnes() {
            assertThatThrownBy(() -> SslMode.parse("VERIFY_FULL"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("disable, allow, prefer, require, verify-ca, verify-full");
        }

        @Test
        void theModesAreSpelledAsPgjdbcSpellsThem() {
            assertThat(SslMode.parse("verify-full")).isEqualTo(SslMode.VERIFY_FULL);
            assertThat(SslMode.VERIFY_CA.value()).isEqualTo("verify-ca");
        }
    }

    @Test
    void toStringShowsNeitherThePasswordNorTheUrlsQuery() {
        var settings = new ConnectionSettings(URL + "?password=in-the-url", "rescind", Optional.of("in-the-file"))
                .withTls(new Tls(SslMode.VERIFY_FULL, Optional.of(Path.of("/etc/rescind/ca.pem"))));

        assertThat(settings.toString())
                .contains("db.internal:5432/rescind", "verify-full")
                .doesNotContain("in-the-url")
                .doesNotContain("in-the-file");
    }
}
