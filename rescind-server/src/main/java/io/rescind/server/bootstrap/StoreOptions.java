package io.rescind.server.bootstrap;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store is: the embedded PostgreSQL in {@code dataDir}, or an external PostgreSQL when {@code dbUrl} is set.
 * The data folder also holds the root secret file and the demo credentials.
 */
public record StoreOptions(
        Path dataDir, Optional<String> dbUrl, Optional<String> dbUser, Optional<Path> dbPasswordFile) {}
