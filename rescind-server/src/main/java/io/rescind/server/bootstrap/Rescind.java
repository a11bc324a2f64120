package io.rescind.server.bootstrap;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.rescind.core.admin.AdminCredential;
import io.rescind.core.secret.Argon2id;
import io.rescind.core.secret.PepperedHmac;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.secret.ServerSecrets;
import io.rescind.core.settings.ServerSettings;
import io.rescind.server.http.ErrorHandling;
import io.rescind.server.http.RequestBodies;
import io.rescind.server.logout.BackChannelWorker;
import io.rescind.store.ChangeTopic;
import io.rescind.store.PgChangeNotices;
import io.rescind.store.PostgresStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Rescind: the services ({@link Services}), the routes ({@link Routes}), the HTTP server, change notices and
 * periodic maintenance. Closing it stops HTTP and background work; the store belongs to the caller.
 */
public final class Rescind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rescind.class);
    private static final Duration MAINTENANCE_PERIOD = Duration.ofMinutes(5);

    static final String ADMIN_SOCKET = "admin";

    private final WebServer web;
    private final PgChangeNotices notices;
    private final ScheduledExecutorService maintenance;
    private final BackChannelWorker backChannel;
    private final Services services;

    private Rescind(
            WebServer web,
            PgChangeNotices notices,
            ScheduledExecutorService maintenance,
            BackChannelWorker backChannel,
            Services services) {
        this.services = services;
        this.web = web;
        this.notices = notices;
        this.maintenance = maintenance;
        this.backChannel = backChannel;
    }

    /**
     * Starts the server on {@code host:port} and the admin API on the listener the settings name, guarded by
     * {@code adminCredential}.
     */
    public static Rescind start(
            ServerSettings settings,
            PostgresStore store,
            ServerSecrets secrets,
            AdminCredential adminCredential,
            Clock clock,
            String host,
            int port) {
        return start(
                settings, store, secrets, adminCredential, clock, host, port, BackChannelWorker.DEFAULT_POLL_INTERVAL);
    }

    /**
     * @param backChannelPollInterval how often the back-channel logout outbox is polled; revocations that queue
     *     notices wake the delivery at once in any case
     */
    public static Rescind start(
            ServerSettings settings,
            PostgresStore store,
            ServerSecrets secrets,
            AdminCredential adminCredential,
            Clock clock,
            String host,
            int port,
            Duration backChannelPollInterval) {
        var services = Services.wire(settings, store, secrets, clock, backChannelPollInterval);
        // Listen before loading: a change committed in between is then either loaded or announced, never missed.
        var notices = PgChangeNotices.listen(store.connectionSettings(), services::reload);
        WebServer web;
        try {
            services.load();
            web = WebServer.builder()
                    .host(host)
                    .port(port)
                    .maxPayloadSize(settings.maxRequestBytes() * RequestBodies.HARD_LIMIT_FACTOR)
                    .shutdownHook(false)
                    .directHandlers(directHandlers())
                    .addRouting(Routes.of(services))
                    .putSocket(
                            ADMIN_SOCKET,
                            admin -> admin.host(settings.admin().host())
                                    .port(settings.admin().port())
                                    .maxPayloadSize(AdminRoutes.MAX_BODY_BYTES * RequestBodies.HARD_LIMIT_FACTOR)
                                    .directHandlers(directHandlers()))
                    .routing(ADMIN_SOCKET, AdminRoutes.of(services, adminCredential))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            notices.close();
            throw e;
        }
        ScheduledExecutorService maintenance = Executors.newScheduledThreadPool(
                2, Thread.ofPlatform().daemon().name("rescind-maintenance-", 0).factory());
        // Repairs a lost change notice and keeps the state within the staleness bound: the revocation log is read
        // from the last position at least this often.
        long period = services.staleness().period().toNanos();
        maintenance.scheduleWithFixedDelay(
                new PeriodicCatchUp(services.catchUp()), period, period, TimeUnit.NANOSECONDS);
        maintenance.scheduleWithFixedDelay(
                () -> {
                    try {
                        services.maintain();
                    } catch (RuntimeException e) {
                        LOG.warn("Maintenance failed: {}", e.getMessage());
                    }
                },
                MAINTENANCE_PERIOD.toSeconds(),
                MAINTENANCE_PERIOD.toSeconds(),
                TimeUnit.SECONDS);
        BackChannelWorker backChannel = services.logout().worker();
        backChannel.start();
        LOG.info("Rescind listening on http://{}:{} (issuer {})", host, web.port(), settings.issuer());
        LOG.info("Admin API listening on http://{}:{}", settings.admin().host(), web.port(ADMIN_SOCKET));
        return new Rescind(web, notices, maintenance, backChannel, services);
    }

    private static DirectHandlers directHandlers() {
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, ErrorHandling.directHandler());
        }
        return builder.build();
    }

    /** The hashing rules of DESIGN §3 with the configured Argon2id cost and the derived pepper. */
    public static SecretHashing hashing(ServerSettings settings, ServerSecrets secrets) {
        return new SecretHashing(
                new Argon2id(settings.argon2Cost()), new PepperedHmac(secrets.clientSecretPepper(), 1));
    }

    public int port() {
        return web.port();
    }

    /** Delivers the back-channel logout notices due now, on the caller's thread; answers how many attempts it made. */
    public int deliverBackChannelLogouts() {
        return backChannel.deliverDue();
    }

    /**
     * Reads the clients again at once, as a {@code CLIENTS} change notice makes it do: for whoever changed clients
     * through the store rather than through this server's admin API (the tests' own registrations).
     */
    public void clientsChanged() {
        services.reload(ChangeTopic.CLIENTS);
    }

    /** The admin API's bound port (the one picked when the settings say 0). */
    public int adminPort() {
        return web.port(ADMIN_SOCKET);
    }

    @Override
    public void close() {
        web.stop();
        backChannel.stop();
        notices.close();
        maintenance.shutdownNow();
    }
}
