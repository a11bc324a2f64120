package io.rescind.server.bootstrap;

import io.rescind.server.config.ConfigException;
import io.rescind.store.Tls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the store is: the embedded PostgreSQL in {@code dataDir}, or an external PostgreSQL when {@code dbUrl} is set.
 * The data folder also holds the root secret file and the demo credentials. Options that only an external database
 * uses are refused without {@code dbUrl}: the operator meant something that would not happen.
 */
public record StoreOptions(
        Path dataDir,
        Optional<String> dbUrl,
        Optional<String> dbUser,
        Optional<Path> dbPasswordFile,
        int dbPoolSize,
        Optional<Tls> dbTls) {
    public static final int DEFAULT_POOL_SIZE = 16;
    /** Far beyond what one node can use, and PostgreSQL's connection limit is shared by every node. */
    public static final int MAX_POOL_SIZE = 1000;

    public StoreOptions {
        if (dbPoolSize < 1 || dbPoolSize > MAX_POOL_SIZE) {
            throw new ConfigException("--db-pool-size must be between 1 and " + MAX_POOL_SIZE + ", not " + dbPoolSize);
        }
        if (dbUrl.isEmpty()) {
            List<String> given = new ArrayList<>();
            dbUser.ifPresent(u -> given.add("--db-user"));
            dbPasswordFile.ifPresent(f -> given.add("--db-password-file"));
            dbTls.ifPresent(t -> given.add("--db-ssl-mode"));
            if (!given.isEmpty()) {
                throw new ConfigException(
                        String.join(" and ", given) + (given.size() == 1 ? " needs" : " need") + " --db-url");
            }
        }
    }
}
