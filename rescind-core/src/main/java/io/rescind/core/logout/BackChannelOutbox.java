package io.rescind.core.logout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable outbox of back-channel logout notices (implemented by the PostgreSQL store), filled by the revocation
 * cascade in the revocation's own transaction and emptied by delivery.
 */
public interface BackChannelOutbox {
    /**
     * Claims up to {@code limit} pending notices due at {@code now} and counts the attempt: each is hidden from every
     * other claimer until {@code now + lease} (when a node dies mid-delivery, another retries after the lease).
     */
    List<LogoutNotice> claimDue(Instant now, int limit, Duration lease);

    /** Records how a claimed attempt ended; ignored if the notice was claimed again since (its lease ran out). */
    void record(LogoutNotice attempt, BackChannelRetryPolicy.Decision decision, Instant now);

    /** How many notices wait for delivery (pending, due or not): the backlog an operator watches. */
    long backlog();

    /** The notices in {@code state}, oldest first, for an operator. */
    List<OutboxEntry> list(OutboxEntry.State state, int limit);
}
