package io.rescind.server.testing;

import io.rescind.core.admin.AdminCredential;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.testing.TestClock;
import io.rescind.core.user.Email;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.server.bootstrap.Rescind;
import io.rescind.server.config.SettingsLoader;
import io.rescind.store.ConnectionSettings;
import io.rescind.store.PoolSettings;
import io.rescind.store.PostgresStore;
import io.rescind.store.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The real server on a free loopback port, over a fresh PostgreSQL database of its own, with a clock the test moves,
 * and its admin API on another free port ({@link #admin}). Argon2id runs with a small cost so tests stay fast;
 * everything else is as in production.
 */
public final class TestServer implements AutoCloseable {
    /** Cheap password hashing for tests only. */
    public static final Map<String, String> FAST_HASHING = Map.of("argon2_memory_kib", "64", "argon2_iterations", "1");

    static {
        // Helidon logs through java.util.logging; route it to the test logback configuration.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    /**
     * The back-channel outbox is polled this rarely, so notices go out only when a revocation wakes the delivery or a
     * test calls {@link #deliverBackChannelLogouts()}: retries happen when the test says, never on their own.
     */
    public static final Duration BACK_CHANNEL_POLL_INTERVAL = Duration.ofHours(1);

    public final TestClock clock;
    public final PostgresStore store;
    public final ServerSecrets secrets = new ServerSecrets(Entropy.bytes(32));
    public final ServerSettings settings;
    public final SecretHashing hashing;
    public final URI base;
    public final Http http;
    /** The admin API's credential, as the file {@code <data-dir>/admin-credential} would hold it. */
    public final String adminCredential = AdminCredential.generate();

    public final URI adminBase;
    /** The admin API, called with {@link #adminCredential}. */
    public final AdminApi admin;

    private final Rescind rescind;

    private TestServer(ConnectionSettings database, Map<String, String> settingOverrides) {
        this(database, settingOverrides, new TestClock());
    }

    private TestServer(ConnectionSettings database, Map<String, String> settingOverrides, TestClock clock) {
        this.clock = clock;
        int port = freePort();
        this.base = URI.create("http://127.0.0.1:" + port);
        var values = new HashMap<>(FAST_HASHING);
        values.put("admin_port", "0");
        values.putAll(settingOverrides);
        this.settings = SettingsLoader.load(base, values, Map.of());
        this.store = PostgresStore.open(database, PoolSettings.of(8), clock);
        this.hashing = Rescind.hashing(settings, secrets);
        this.rescind = Rescind.start(
                settings,
                store,
                secrets,
                AdminCredential.of(adminCredential),
                clock,
                "127.0.0.1",
                port,
                BACK_CHANNEL_POLL_INTERVAL);
        this.http = new Http(base);
        this.adminBase = URI.create("http://127.0.0.1:" + rescind.adminPort());
        this.admin = new AdminApi(new Http(adminBase), adminCredential);
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** @param settings config-file settings (file keys), e.g. {@code refresh_token_reuse_grace} */
    public static TestServer start(Map<String, String> settings) {
        return new TestServer(TestDatabases.freshDatabase(), settings);
    }

    /** A server whose clock follows the real one (tests about tokens minted within one real second). */
    public static TestServer startOnWallClock(Map<String, String> settings) {
        return new TestServer(TestDatabases.freshDatabase(), settings, TestClock.wallClock());
    }

    public static TestServer start(ConnectionSettings database, Map<String, String> settings) {
        return new TestServer(database, settings);
    }

    public String issuer() {
        return base.toString();
    }

    /** Registers a client with a known secret (if its method uses one) and answers it. */
    public Client register(ClientBuilder client, Optional<String> secret) {
        Client built = client.secretHash(secret.map(hashing::hashClientSecret)).build();
        save(built);
        return built;
    }

    /**
     * Saves the client in the store and has the server read its clients again at once, as this server's own admin API
     * does (a change made beside it would reach it with the change notice, milliseconds later).
     */
    public void save(Client client) {
        store.clients().save(client);
        rescind.clientsChanged();
    }

    /** A confidential client_secret_basic client with the code, refresh and client_credentials grants. */
    public RegisteredClient confidentialClient(String id) {
        return confidentialClient(id, UnaryOperator.identity());
    }

    /** {@link Fixtures#webClient} as {@code customize} changes it (logout URIs, say). */
    public RegisteredClient confidentialClient(String id, UnaryOperator<ClientBuilder> customize) {
        String secret = "secret-of-" + id;
        register(customize.apply(Fixtures.webClient(id)), Optional.of(secret));
        return new RegisteredClient(new ClientId(id), secret);
    }

    public User user(String uid, String password) {
        var user = new User(
                Subject.random(),
                new Uid(uid),
                Optional.of(new Email(uid + "@example.com")),
                Optional.empty(),
                Optional.of("User " + uid),
                List.of("reader"),
                hashing.hashPassword(password),
                UserStatus.ACTIVE);
        store.users().save(user);
        return user;
    }

    /** Delivers the back-channel logout notices due at {@link #clock}'s now; answers how many attempts were made. */
    public int deliverBackChannelLogouts() {
        return rescind.deliverBackChannelLogouts();
    }

    @Override
    public void close() {
        rescind.close();
        store.close();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client's id and secret. */
    public record RegisteredClient(ClientId id, String secret) {
        public String basic() {
            return Http.basic(id.value(), secret);
        }
    }
}
