package io.rescind.store;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGProperty;

/**
 * The first connection of a start, made before any pool opens. What waiting can mend is retried until the wait is
 * over: PostgreSQL not listening yet (or a proxy before it closing the connection), still starting up, out of
 * connections, or a host name not resolvable yet (a cluster starting together). Anything else fails at once with PostgreSQL's reason: a refused password, no such
 * database, TLS the server does not offer, a certificate that does not name the host.
 */
final class FirstConnection {
    /** How long a start waits for a PostgreSQL that is not there yet. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final Duration PAUSE = Duration.ofMillis(200);
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(10);
    /** {@code cannot_connect_now} (starting up, shutting down, in recovery) and {@code too_many_connections}. */
    private static final Set<String> PASSING_STATES = Set.of("57P03", "53300");

    private FirstConnection() {}

    static void await(ConnectionSettings settings, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (var connection = DriverManager.getConnection(settings.jdbcUrl(), properties(settings))) {
                return;
            } catch (SQLException e) {
                if (!worthWaitingFor(e) || System.nanoTime() + PAUSE.toNanos() > deadline) {
                    // Not chained: the driver's message and its causes may quote the URL, password included.
                    throw new StoreException("cannot connect to PostgreSQL at " + settings.redactedUrl() + ": "
                            + redacted(e.getMessage(), settings));
                }
                LockSupport.parkNanos(PAUSE.toNanos());
                if (Thread.currentThread().isInterrupted()) {
                    throw new StoreException("interrupted while waiting for PostgreSQL", e);
                }
            }
        }
    }

    /** The driver's properties, with a bound on the whole login: the socket timeout also covers the handshake. */
    private static Properties properties(ConnectionSettings settings) {
        Properties properties = settings.driverProperties("rescind-first-connection");
        PGProperty.LOGIN_TIMEOUT.set(properties, (int) LOGIN_TIMEOUT.toSeconds());
        return properties;
    }

    /** The message without the URL's query, where a password may be ({@code No suitable driver found for <url>}). */
    private static String redacted(String message, ConnectionSettings settings) {
        if (message == null) {
            return "";
        }
        String url = settings.jdbcUrl();
        int query = url.indexOf('?');
        String redacted = message.replace(url, settings.redactedUrl());
        return query < 0 || query == url.length() - 1 ? redacted : redacted.replace(url.substring(query + 1), "...");
    }

    /** Whether the failure may pass by itself: PostgreSQL not reachable yet, or busy, rather than refusing us. */
    static boolean worthWaitingFor(SQLException e) {
        if (e.getSQLState() != null && PASSING_STATES.contains(e.getSQLState())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof EOFException
                    || cause instanceof SocketException
                    || cause instanceof NoRouteToHostException
                    || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
