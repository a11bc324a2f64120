package io.rescind.store;

import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change announcements over PostgreSQL {@code LISTEN/NOTIFY}: an admin command publishes, every server listens on a
 * dedicated connection (reconnecting after a failure) and reloads what changed. A notification is a wake-up only;
 * what changed is always read back from the tables.
 */
public final class PgChangeNotices implements AutoCloseable {
    static final String CHANNEL = "rescind_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PgChangeNotices.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final ConnectionSettings settings;
    private final Consumer<ChangeTopic> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    private PgChangeNotices(ConnectionSettings settings, Consumer<ChangeTopic> listener) {
        this.settings = settings;
        this.listener = listener;
        this.thread =
                Thread.ofPlatform().daemon().name("rescind-change-listener").unstarted(this::run);
    }

    public static void publish(Jdbc jdbc, ChangeTopic topic) {
        jdbc.run(c -> Jdbc.list(c, "SELECT pg_notify(?, ?)", row -> 1, CHANNEL, topic.name()));
    }

    /** Starts listening; {@code listener} runs on the listening thread, once per notification. */
    public static PgChangeNotices listen(ConnectionSettings settings, Consumer<ChangeTopic> listener) {
        var notices = new PgChangeNotices(settings, listener);
        notices.thread.start();
        return notices;
    }

    private void run() {
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement statement = c.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // Announcements made while nobody listened (during start, or while reconnecting) are lost:
                // once listening, reload everything, so a change is missed by neither the notice nor the reload.
                Arrays.stream(ChangeTopic.values()).forEach(topic -> deliver(topic.name()));
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        Arrays.stream(notifications).forEach(n -> deliver(n.getParameter()));
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn(
                            "Change notifications interrupted ({}); reconnecting in {}s",
                            e.getMessage(),
                            RETRY.toSeconds());
                    sleep();
                }
            }
        }
    }

    private void deliver(String topic) {
        try {
            listener.accept(ChangeTopic.valueOf(topic));
        } catch (RuntimeException e) {
            LOG.warn("Reloading after a change notice ({}) failed", topic, e);
        }
    }

    private Connection connect() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", settings.user());
        settings.password().ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "rescind-listener");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the listener connection", e);
            }
        }
        thread.interrupt();
    }
}
