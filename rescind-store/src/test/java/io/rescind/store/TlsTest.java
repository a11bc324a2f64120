package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.rescind.store.sql.Jdbc;
import io.rescind.store.testing.FreshDatabases;
import io.rescind.store.testing.TestDatabases;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS to PostgreSQL: the pool's connections and the LISTEN connection both follow the settings' {@link Tls}. */
class TlsTest {
    /** Where the machine's PostgreSQL's CA certificate is, when the test cannot read the server's own file. */
    private static final String ROOT_CERT_VARIABLE = "RESCIND_TEST_DB_SSL_ROOT_CERT";

    private static final String ENCRYPTED = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    private static boolean encrypted(Database database) {
        return database.jdbc()
                .run(c -> Jdbc.one(c, ENCRYPTED, row -> row.getBoolean(1)))
                .orElseThrow();
    }

    /** The embedded PostgreSQL runs without TLS: a mode that requires it must refuse rather than fall back. */
    @Nested
    class OnAServerWithoutTls {
        private ConnectionSettings plainDatabase() {
            ConnectionSettings database = databases.create(Target.EMBEDDED);
            assertThat(TestSql.on(database).show("ssl"))
                    .as("the embedded PostgreSQL offers no TLS")
                    .isEqualTo("off");
            return database;
        }

        @Test
        void requireMakesTheStoreRefuseToOpen() {
            ConnectionSettings settings = plainDatabase().withTls(Tls.of(SslMode.REQUIRE));

            assertThatThrownBy(() -> PostgresStore.open(settings, PoolSettings.of(1), Clock.systemUTC()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot connect to PostgreSQL")
                    .hasMessageContaining("SSL");
        }

        @Test
        void requireMakesTheListenerRefuseToConnect() {
            ConnectionSettings settings = plainDatabase().withTls(Tls.of(SslMode.REQUIRE));

            assertThatThrownBy(() -> PgChangeNotices.listen(settings, topic -> {}))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("SSL");
        }
    }

    /**
     * The machine's PostgreSQL, which must run with {@code ssl = on} under CI (Debian's default: the snakeoil
     * certificate, self-signed, named after the host). Elsewhere these tests are skipped when it does not.
     */
    @Nested
    class OnTheMachinesServerWithTls {
        private ConnectionSettings tlsDatabase() {
            TestDatabases.assumeExternal();
            ConnectionSettings database = databases.create(Target.EXTERNAL);
            String ssl = TestSql.on(database).show("ssl");
            if (!ssl.equals("on")) {
                String why = "the machine's PostgreSQL runs with ssl = " + ssl
                        + "; these tests need ssl = on (Debian: ssl_cert_file = the snakeoil certificate)";
                if (TestDatabases.underCi()) {
                    fail(why + ", and under CI they must run");
                }
                abort(why);
            }
            return database;
        }

        @Test
        void disableConnectsInTheClear() {
            ConnectionSettings settings = tlsDatabase().withTls(Tls.of(SslMode.DISABLE));

            try (var database = Database.open(settings, PoolSettings.of(1))) {
                assertThat(encrypted(database)).isFalse();
            }
        }

        @Test
        void requireEncryptsThePoolsConnections() {
            ConnectionSettings settings = tlsDatabase().withTls(Tls.of(SslMode.REQUIRE));

            try (var database = Database.open(settings, PoolSettings.of(1))) {
                assertThat(encrypted(database)).isTrue();
            }
        }

        @Test
        void verifyCaWithTheServersCertificateAsRootEncrypts() {
            ConnectionSettings database = tlsDatabase();
            ConnectionSettings settings =
                    database.withTls(new Tls(SslMode.VERIFY_CA, Optional.of(serverCertificate(database))));

            try (var opened = Database.open(settings, PoolSettings.of(1))) {
                assertThat(encrypted(opened)).isTrue();
            }
        }

        @Test
        void verifyFullRefusesACertificateThatDoesNotNameTheHost() {
            ConnectionSettings database = tlsDatabase();
            Path certificate = serverCertificate(database);
            String host =
                    URI.create(database.jdbcUrl().substring("jdbc:".length())).getHost();
            assertThat(names(certificate))
                    .as("this test needs a server certificate that does not name %s", host)
                    .doesNotContain(host);
            ConnectionSettings settings = database.withTls(new Tls(SslMode.VERIFY_FULL, Optional.of(certificate)));

            assertThatThrownBy(() -> Database.open(settings, PoolSettings.of(1)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot connect to PostgreSQL")
                    .hasMessageContaining("hostname " + host + " could not be verified");
        }

        @Test
        void theListenConnectionIsEncryptedToo() {
            ConnectionSettings settings = tlsDatabase().withTls(Tls.of(SslMode.REQUIRE));

            try (var notices = PgChangeNotices.listen(settings, topic -> {})) {
                assertThat(TestSql.on(settings)
                                .one(
                                        "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                                                + " WHERE a.application_name = 'rescind-listener'"
                                                + " AND a.datname = current_database()",
                                        row -> row.getBoolean(1)))
                        .contains(true);
            }
        }

        /** The server's own certificate file (self-signed, so its own CA), or the one {@code ROOT_CERT_VARIABLE} names. */
        private static Path serverCertificate(ConnectionSettings database) {
            Path file = Optional.ofNullable(System.getenv(ROOT_CERT_VARIABLE))
                    .filter(s -> !s.isBlank())
                    .map(Path::of)
                    .orElseGet(() -> Path.of(TestSql.on(database).show("data_directory"))
                            .resolve(TestSql.on(database).show("ssl_cert_file")));
            assertThat(file)
                    .as("the server's certificate; name its CA in %s if this test cannot read it", ROOT_CERT_VARIABLE)
                    .isReadable();
            return file;
        }

        /** The names and addresses the certificate is valid for, and its subject's common name. */
        private static List<String> names(Path certificate) {
            try (InputStream in = Files.newInputStream(certificate)) {
                var x509 = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
                List<String> names = new ArrayList<>();
                new LdapName(x509.getSubjectX500Principal().getName())
                        .getRdns().stream()
                                .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                                .forEach(rdn -> names.add(String.valueOf(rdn.getValue())));
                Optional.ofNullable(x509.getSubjectAlternativeNames())
                        .ifPresent(
                                alternatives -> alternatives.forEach(entry -> names.add(String.valueOf(entry.get(1)))));
                return names;
            } catch (IOException | CertificateException | InvalidNameException e) {
                throw new IllegalStateException("cannot read the names in " + certificate, e);
            }
        }
    }
}
