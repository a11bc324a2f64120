package io.rescind.core.logout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What becomes of a back-channel logout notice after an attempt (OpenID Connect Back-Channel Logout 1.0 §2.8;
 * docs/revocation.md "Back-channel logout"), in one place:
 *
 * <ul>
 *   <li>200 or 204: delivered.
 *   <li>Failed at once, never retried: 404, 405, 410 and 501 (the receiver says the endpoint is not there or takes no
 *       POST), a URI the outbound policy refuses, and a client that is gone, disabled or no longer registers a URI.
 *   <li>Anything else is retried with backoff (5 s, 30 s, 2 min, 10 min, then hourly) until {@code maxAttempts}:
 *       other statuses, 5xx, timeouts and connection errors, and 400 too: §2.8 makes 400 the answer of a logout that
 *       failed at the RP, which may be passing (its session store, or a key of ours it has not fetched yet), and
 *       every attempt carries a freshly signed token.
 * </ul>
 */
public final class BackChannelRetryPolicy {
    static final List<Duration> BACKOFF = List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofHours(1));
    static final Set<Integer> DELIVERED = Set.of(200, 204);
    static final Set<Integer> PERMANENT = Set.of(404, 405, 410, 501);

    /** What to do with the notice next. */
    public sealed interface Decision {
        record Delivered() implements Decision {}

        record RetryAt(Instant at, String error) implements Decision {}

        record Failed(String error) implements Decision {}
    }

    private final int maxAttempts;

    public BackChannelRetryPolicy(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.maxAttempts = maxAttempts;
    }

    /** @param attempt which attempt just ended, 1 for the first */
    public Decision decide(DeliveryResult result, int attempt, Instant now) {
        return switch (result) {
            case DeliveryResult.Answered(int status) when DELIVERED.contains(status) -> new Decision.Delivered();
            case DeliveryResult.Answered(int status)
            when PERMANENT.contains(status) -> new Decision.Failed("HTTP " + status + " (permanent)");
            case DeliveryResult.Answered(int status) -> retry("HTTP " + status, attempt, now);
            case DeliveryResult.Unreachable(String reason) -> retry(reason, attempt, now);
            case DeliveryResult.Refused(String reason) ->
                new Decision.Failed("refused by the outbound policy: " + reason);
            case DeliveryResult.NoReceiver(String reason) -> new Decision.Failed(reason);
        };
    }

    /** How long after a failed attempt the next one is due. */
    public static Duration backoff(int attempt) {
        return BACKOFF.get(Math.min(attempt, BACKOFF.size()) - 1);
    }

    private Decision retry(String error, int attempt, Instant now) {
        if (attempt >= maxAttempts) {
            return new Decision.Failed(error + " (gave up after " + attempt + " attempts)");
        }
        return new Decision.RetryAt(now.plus(backoff(attempt)), error);
    }
}
