package io.rescind.server.cli;

import io.rescind.core.admin.ClientAdministration;
import io.rescind.core.admin.Operator;
import io.rescind.core.admin.OperatorRevocation;
import io.rescind.core.admin.UserAdministration;
import io.rescind.core.directory.UserDirectory;
import io.rescind.core.key.KeyEncryption;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.server.bootstrap.OpenedStore;
import io.rescind.server.bootstrap.Rescind;
import io.rescind.server.bootstrap.RootSecret;
import io.rescind.server.config.ConfigFile;
import io.rescind.server.config.SettingsLoader;
import io.rescind.store.PostgresStore;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What an admin command works with: the store (the running server's embedded PostgreSQL if it runs, else one
 * started for the command), the root secret, the settings (the environment's, over the {@code settings:} of the
 * {@code RESCIND_CONFIG} file if one is named, as the server reads them) and the administrations. The store announces
 * every change it commits, revocations included, so a running server takes it at once.
 */
final class AdminContext implements AutoCloseable {
    final OpenedStore opened;
    final ServerSecrets secrets;
    final ServerSettings settings;
    final Clock clock = Clock.systemUTC();
    final Operator operator = Operator.cli(System.getProperty("user.name", "unknown"));

    AdminContext(StoreMixin store) {
        Map<String, String> env = System.getenv();
        Map<String, String> fileSettings = Optional.ofNullable(env.get("RESCIND_CONFIG"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .map(ConfigFile::read)
                .map(ConfigFile::settings)
                .orElse(Map.of());
        this.settings = SettingsLoader.load(URI.create("http://127.0.0.1:8080"), fileSettings, env);
        this.opened = OpenedStore.open(store.options(), EmbeddedPostgresServer.Opener.ADMIN_COMMAND, clock);
        this.secrets = RootSecret.load(store.options().dataDir(), env);
    }

    PostgresStore store() {
        return opened.store();
    }

    SecretHashing hashing() {
        return Rescind.hashing(settings, secrets);
    }

    /** Revocations committed from this process, which serves no tokens. */
    Revocations revocations() {
        return Revocations.detached(store().revocations(), clock);
    }

    UserAdministration users() {
        return new UserAdministration(store().users(), revocations(), settings.revocation());
    }

    ClientAdministration clients() {
        return new ClientAdministration(store().clients(), revocations(), settings.revocation());
    }

    SigningKeys signingKeys() {
        var keys = new SigningKeys(
                store().signingKeys(), new KeyEncryption(secrets.keyEncryptionKey()), clock, settings.keyRetention());
        keys.reload();
        return keys;
    }

    OperatorRevocation operatorRevocation() {
        return new OperatorRevocation(
                signingKeys(),
                store().grants(),
                new OpaqueTokens(secrets.opaqueTokenMacKey()),
                new UserDirectory(store().users()),
                store().clients(),
                revocations(),
                clock);
    }

    @Override
    public void close() {
        opened.close();
    }
}
