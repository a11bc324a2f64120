package io.rescind.store;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * TLS to PostgreSQL: the mode, and the CA file the server's certificate is verified with (without one, pgjdbc reads
 * {@code ~/.postgresql/root.crt}).
 */
public record Tls(SslMode mode, Optional<Path> rootCert) {
    public Tls {
        // pgjdbc, unlike libpq, ignores the root certificate below verify-ca: accepting one there would promise a
        // check that never happens.
        if (rootCert.isPresent() && !mode.verifiesCertificate()) {
            throw new IllegalArgumentException(
                    "a root certificate is only used by verify-ca and verify-full, not by " + mode.value());
        }
    }

    public static Tls of(SslMode mode) {
        return new Tls(mode, Optional.empty());
    }

    void addTo(Properties properties) {
        PGProperty.SSL_MODE.set(properties, mode.value());
        rootCert.ifPresent(file -> PGProperty.SSL_ROOT_CERT.set(properties, file.toString()));
    }
}
