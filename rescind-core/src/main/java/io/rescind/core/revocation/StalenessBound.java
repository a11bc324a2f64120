package io.rescind.core.revocation;

import io.rescind.core.protocol.OAuthError;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound L of DESIGN §2 invariant 3: this node answers from its in-memory revocation state only while that state
 * is at most L old. An older state is first brought up to date by reading the log now (the per-request database
 * check); when that read cannot be made in time, the request fails closed with 503 {@code temporarily_unavailable}
 * (invariant 5) rather than vouch for a token whose state it cannot confirm.
 *
 * <p>Any revocation answered before {@code now - L} committed before the state's last read began, so a state at most
 * L old holds it: every node honours a revocation within L of its answer, whatever happened to the notices.
 */
public final class StalenessBound {
    /** The default L. */
    public static final Duration DEFAULT = Duration.ofMillis(250);

    private final RevocationCatchUp catchUp;
    private final Duration bound;
    private final AtomicLong refused = new AtomicLong();

    public StalenessBound(RevocationCatchUp catchUp, Duration bound) {
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("the staleness bound must be positive");
        }
        this.catchUp = catchUp;
        this.bound = bound;
    }

    /**
     * Returns when the revocation state is at most L old, reading the log first if it is older; throws 503
     * {@code temporarily_unavailable} when it cannot be brought up to date.
     */
    public void confirm() {
        if (!catchUp.readIfOlderThan(bound, period())) {
            refused.incrementAndGet();
            throw OAuthError.TEMPORARILY_UNAVAILABLE.exception(
                    "this server cannot confirm the revocation state now; retry later");
        }
    }

    /**
     * How often the log is read without a change notice: half the bound, so a node whose notices stalled stays within
     * it without a per-request read. It is also how long a failed read keeps requests from trying again.
     */
    public Duration period() {
        return bound.dividedBy(2);
    }

    public Duration bound() {
        return bound;
    }

    /** How many requests were refused because the state could not be confirmed. */
    public long refused() {
        return refused.get();
    }
}
