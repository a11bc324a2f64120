package io.rescind.core.protocol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a caller, a client address), in this node's memory: up to {@code perMinute} requests in a
 * burst, refilled at {@code perMinute} a minute. Past it, {@code 429} with {@code Retry-After}.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

    private record Bucket(double tokens, Instant at) {}

    private final double perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit is at least 1 a minute");
        }
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one request's token for {@code key}, or throws 429. */
    public void acquire(String key) {
        Instant now = clock.instant();
        if (buckets.size() > MAX_KEYS) {
            buckets.values().removeIf(b -> refill(b, now) >= perMinute);
        }
        Bucket after = buckets.compute(key, (k, bucket) -> {
            double available = bucket == null ? perMinute : refill(bucket, now);
            return new Bucket(available - 1, now);
        });
        if (after.tokens() < 0) {
            buckets.computeIfPresent(
                    key, (k, b) -> new Bucket(b.tokens() + 1, b.at())); // a refused request costs nothing
            throw OAuthError.TOO_MANY_REQUESTS.exception("too many requests; retry later");
        }
    }

    private double refill(Bucket bucket, Instant now) {
        double elapsedMinutes = Math.max(0, Duration.between(bucket.at(), now).toMillis()) / 60_000.0;
        return Math.min(perMinute, bucket.tokens() + elapsedMinutes * perMinute);
    }
}
