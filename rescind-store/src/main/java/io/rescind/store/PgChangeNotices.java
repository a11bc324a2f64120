package io.rescind.store;

import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
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

    /**
     * Announces {@code topic} from inside the caller's transaction: PostgreSQL delivers it when, and only if, the
     * transaction commits, so a listener never reloads before the change is visible.
     */
    public static void publish(Connection c, ChangeTopic topic) throws SQLException {
        Jdbc.list(c, "SELECT pg_notify(?, ?)", row -> 1, CHANNEL, topic.name());
    }

    /**
     * Listens on a dedicated connection. LISTEN is in place when this returns, so state loaded afterwards misses no
     * change; after a reconnection every topic is delivered once, since notices sent meanwhile were lost.
     * {@code listener} runs on the listening thread.
     */
    public static PgChangeNotices listen(ConnectionSettings settings, Consumer<ChangeTopic> listener) {
        var notices = new PgChangeNotices(settings, listener);
        try {
            notices.connection = notices.connectAndListen();
        } catch (SQLException e) {
            throw new StoreException("cannot listen for change notices: " + e.getMessage(), e);
        }
        notices.thread.start();
        return notices;
    }

    private Connection connectAndListen() throws SQLException {
        Connection c = connect();
        try (Statement statement = c.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void run() {
        while (running) {
            try {
                Connection c = connection;
                if (c == null || c.isClosed()) {
                    c = connectAndListen();
                    connection = c;
                    Arrays.stream(ChangeTopic.values()).forEach(this::deliver);
                }
                PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(1_000);
                if (notifications != null) {
                    // Each reload reads the current state, so one per topic covers a whole batch of notices.
                    Arrays.stream(notifications)
                            .map(PGNotification::getParameter)
                            .distinct()
                            .forEach(this::deliver);
                }
            } catch (SQLException e) {
                closeConnection();
                if (running) {
                    LOG.warn("Change notices interrupted ({}); reconnecting in {}s", e.getMessage(), RETRY.toSeconds());
                    sleep();
                }
            }
        }
    }

    private void deliver(String topic) {
        try {
            deliver(ChangeTopic.valueOf(topic));
        } catch (IllegalArgumentException e) {
            LOG.debug("unknown change topic {}", topic);
        }
    }

    private void deliver(ChangeTopic topic) {
        try {
            listener.accept(topic);
        } catch (RuntimeException e) {
            LOG.warn("Reloading after a change notice ({}) failed", topic, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties("rescind-listener"));
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the listener connection", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        closeConnection();
    }
}
