package io.rescind.store;

import java.time.Duration;

/**
 * The connection pool: how many connections it keeps, and how long a request waits for one before it fails (so a
 * dead or saturated database answers 503 quickly instead of holding the request).
 */
public record PoolSettings(int maxConnections, Duration connectionTimeout) {
    /** HikariCP's floor; below it, 0 would mean waiting forever. */
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(250);

    public PoolSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection, not " + maxConnections);
        }
        if (connectionTimeout.compareTo(SHORTEST_WAIT) < 0) {
            throw new IllegalArgumentException("the connection timeout must be at least " + SHORTEST_WAIT.toMillis()
                    + " ms, not " + connectionTimeout.toMillis() + " ms");
        }
    }

    /** {@code maxConnections}, waiting at most 2 seconds for one. */
    public static PoolSettings of(int maxConnections) {
        return new PoolSettings(maxConnections, Duration.ofSeconds(2));
    }
}
