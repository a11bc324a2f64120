package io.rescind.server.cli;

import io.rescind.server.bootstrap.StoreOptions;
import io.rescind.server.config.ConfigException;
import io.rescind.store.SslMode;
import io.rescind.store.Tls;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the store is; every option is also an environment variable {@code RESCIND_<NAME>}. */
public final class StoreMixin {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:RESCIND_DATA_DIR:-data}",
            description =
                    "Data folder: embedded PostgreSQL, root secret, demo credentials (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            defaultValue = "${env:RESCIND_DB_URL}",
            description =
                    "External PostgreSQL 15+ instead of the embedded one, e.g. jdbc:postgresql://host:5432/rescind.")
    String dbUrl;

    @Option(
            names = "--db-user",
            paramLabel = "USER",
            defaultValue = "${env:RESCIND_DB_USER}",
            description = "User for --db-url (default: postgres).")
    String dbUser;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            defaultValue = "${env:RESCIND_DB_PASSWORD_FILE}",
            description = "File holding the password for --db-url.")
    Path dbPasswordFile;

    @Option(
            names = "--db-pool-size",
            paramLabel = "N",
            defaultValue = "${env:RESCIND_DB_POOL_SIZE:-" + StoreOptions.DEFAULT_POOL_SIZE + "}",
            description = "Connections this process keeps to PostgreSQL, 1 to " + StoreOptions.MAX_POOL_SIZE
                    + "; a server opens one more for change notices (default: ${DEFAULT-VALUE}).")
    int dbPoolSize;

    @Option(
            names = "--db-ssl-mode",
            paramLabel = "MODE",
            defaultValue = "${env:RESCIND_DB_SSL_MODE}",
            description = "TLS to --db-url: disable, allow, prefer, require, verify-ca or verify-full"
                    + " (default: the URL's sslmode, else prefer).")
    String dbSslMode;

    @Option(
            names = "--db-ssl-root-cert",
            paramLabel = "FILE",
            defaultValue = "${env:RESCIND_DB_SSL_ROOT_CERT}",
            description = "CA certificate (PEM) that verify-ca and verify-full check the server's certificate with"
                    + " (default: ~/.postgresql/root.crt).")
    Path dbSslRootCert;

    public StoreOptions options() {
        return new StoreOptions(
                dataDir, present(dbUrl), present(dbUser), Optional.ofNullable(dbPasswordFile), dbPoolSize, tls());
    }

    private Optional<Tls> tls() {
        Optional<Path> rootCert =
                Optional.ofNullable(dbSslRootCert).filter(p -> !p.toString().isEmpty());
        Optional<String> mode = present(dbSslMode);
        if (mode.isEmpty()) {
            rootCert.ifPresent(file -> {
                throw new ConfigException("--db-ssl-root-cert needs --db-ssl-mode verify-ca or verify-full");
            });
            return Optional.empty();
        }
        SslMode sslMode;
        try {
            sslMode = SslMode.parse(mode.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--db-ssl-mode: " + e.getMessage(), e);
        }
        try {
            return Optional.of(new Tls(sslMode, rootCert));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--db-ssl-root-cert: " + e.getMessage(), e);
        }
    }

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).filter(s -> !s.isBlank());
    }
}
