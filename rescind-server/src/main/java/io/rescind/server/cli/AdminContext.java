package io.rescind.server.cli;

import io.rescind.core.secret.SecretHashing;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.core.settings.ServerSettings;
import io.rescind.server.bootstrap.OpenedStore;
import io.rescind.server.bootstrap.Rescind;
import io.rescind.server.bootstrap.RootSecret;
import io.rescind.server.config.SettingsLoader;
import io.rescind.store.PostgresStore;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * What an admin command works with: the store (the running server's embedded PostgreSQL if it runs, else one
 * started for the command), the root secret and the hashing rules. The store announces every change it commits,
 * so a running server takes it at once.
 */
final class AdminContext implements AutoCloseable {
    final OpenedStore opened;
    final ServerSecrets secrets;
    final ServerSettings settings;
    final Clock clock = Clock.systemUTC();

    AdminContext(StoreMixin store) {
        Map<String, String> env = System.getenv();
        this.settings = SettingsLoader.load(URI.create("http://127.0.0.1:8080"), Map.of(), env);
        this.opened = OpenedStore.open(store.options(), EmbeddedPostgresServer.Opener.ADMIN_COMMAND, clock);
        this.secrets = RootSecret.load(store.options().dataDir(), env);
    }

    PostgresStore store() {
        return opened.store();
    }

    SecretHashing hashing() {
        return Rescind.hashing(settings, secrets);
    }

    @Override
    public void close() {
        opened.close();
    }
}
