package io.rescind.server.cli;

import io.rescind.server.bootstrap.StoreOptions;
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

    public StoreOptions options() {
        return new StoreOptions(
                dataDir,
                Optional.ofNullable(dbUrl).filter(s -> !s.isBlank()),
                Optional.ofNullable(dbUser).filter(s -> !s.isBlank()),
                Optional.ofNullable(dbPasswordFile));
    }
}
