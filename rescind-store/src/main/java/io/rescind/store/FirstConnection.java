package io.rescind.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The first connection of a start, made before any pool opens. What waiting can mend is retried until the wait is
 * over: PostgreSQL not listening yet, still starting up, out of connections, or a host name not resolvable yet (a
 * cluster starting together). Anything else fails at once with PostgreSQL's reason: a refused password, no such
 * database, TLS the server does not offer, a certificate that does not name the host.
 */
final class FirstConnection {
    /** How long a start waits for a PostgreSQL that is not there yet. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final Duration PAUSE = Duration.ofMillis(200);
    /** {@code cannot_connect_now} (starting up, shutting down, in recovery) and {@code too_many_connections}. */
    private static final Set<String> PASSING_STATES = Set.of("57P03", "53300");

    private FirstConnection() {}

    static void await(ConnectionSettings settings, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (var connection = DriverManager.getConnection(
                    settings.jdbcUrl(), settings.driverProperties("rescind-first-connection"))) {
                return;
            } catch (SQLException e) {
                if (!worthWaitingFor(e) || System.nanoTime() + PAUSE.toNanos() > deadline) {
                    throw new StoreException(
                            "cannot connect to PostgreSQL at " + settings.redactedUrl() + ": " + e.getMessage(), e);
                }
                LockSupport.parkNanos(PAUSE.toNanos());
                if (Thread.currentThread().isInterrupted()) {
                    throw new StoreException("interrupted while waiting for PostgreSQL", e);
                }
            }
        }
    }

    /** Whether the failure may pass by itself: PostgreSQL not reachable yet, or busy, rather than refusing us. */
    static boolean worthWaitingFor(SQLException e) {
        if (e.getSQLState() != null && PASSING_STATES.contains(e.getSQLState())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException
                    || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
