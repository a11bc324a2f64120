package io.rescind.server.bootstrap;

import io.rescind.core.secret.SecretFiles;
import io.rescind.server.config.ConfigException;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.PoolSettings;
import io.rescind.store.PostgresStore;
import io.rescind.store.Tls;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The store a process works on, with the embedded PostgreSQL it started, if any. */
public record OpenedStore(PostgresStore store, Optional<EmbeddedPostgresServer> embedded) implements AutoCloseable {
    static final int ADMIN_COMMAND_POOL = 2;

    public static OpenedStore open(StoreOptions options, EmbeddedPostgresServer.Opener opener, Clock clock) {
        SecretFiles.privateDirectory(options.dataDir());
        var pool = PoolSettings.of(poolSize(options, opener));
        if (options.dbUrl().isPresent()) {
            return new OpenedStore(PostgresStore.open(external(options), pool, clock), Optional.empty());
        }
        var embedded = EmbeddedPostgresServer.open(options.dataDir(), opener, Duration.ofSeconds(60));
        try {
            return new OpenedStore(PostgresStore.open(embedded.connection(), pool, clock), Optional.of(embedded));
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    /**
     * The server's pool is {@code --db-pool-size}; an admin command runs a few statements one after another, so it
     * opens no more than {@link #ADMIN_COMMAND_POOL} connections however large the servers' pool is.
     */
    static int poolSize(StoreOptions options, EmbeddedPostgresServer.Opener opener) {
        return opener == EmbeddedPostgresServer.Opener.ADMIN_COMMAND
                ? Math.min(ADMIN_COMMAND_POOL, options.dbPoolSize())
                : options.dbPoolSize();
    }

    private static ConnectionSettings external(StoreOptions options) {
        options.dbTls().flatMap(Tls::rootCert).ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw new ConfigException("--db-ssl-root-cert names " + file + ", which cannot be read");
            }
        });
        var settings = new ConnectionSettings(
                options.dbUrl().orElseThrow(),
                options.dbUser().orElse("postgres"),
                options.dbPasswordFile().map(SecretFiles::read));
        return options.dbTls().map(settings::withTls).orElse(settings);
    }

    @Override
    public void close() {
        store.close();
        embedded.ifPresent(EmbeddedPostgresServer::close);
    }
}
