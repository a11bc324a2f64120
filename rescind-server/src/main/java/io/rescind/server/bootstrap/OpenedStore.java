package io.rescind.server.bootstrap;

import io.rescind.core.secret.SecretFiles;
import io.rescind.server.config.ConfigException;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.PoolSettings;
import io.rescind.store.PostgresStore;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The store a process works on, with the embedded PostgreSQL it started, if any. */
public record OpenedStore(PostgresStore store, Optional<EmbeddedPostgresServer> embedded) implements AutoCloseable {
    private static final int POOL_SIZE = 16;

    public static OpenedStore open(StoreOptions options, EmbeddedPostgresServer.Opener opener, Clock clock) {
        SecretFiles.privateDirectory(options.dataDir());
        if (options.dbUrl().isPresent()) {
            var settings = new ConnectionSettings(
                    options.dbUrl().get(),
                    options.dbUser().orElse("postgres"),
                    options.dbPasswordFile().map(SecretFiles::read));
            return new OpenedStore(PostgresStore.open(settings, PoolSettings.of(POOL_SIZE), clock), Optional.empty());
        }
        if (options.dbUser().isPresent() || options.dbPasswordFile().isPresent()) {
            throw new ConfigException("--db-user and --db-password-file need --db-url");
        }
        var embedded = EmbeddedPostgresServer.open(options.dataDir(), opener, Duration.ofSeconds(60));
        try {
            return new OpenedStore(
                    PostgresStore.open(embedded.connection(), PoolSettings.of(POOL_SIZE), clock),
                    Optional.of(embedded));
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    @Override
    public void close() {
        store.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}
