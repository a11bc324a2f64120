package io.rescind.core.settings;

import io.rescind.core.revocation.StalenessBound;
import java.time.Duration;

/**
 * Settings of the revocation interfaces (DESIGN §1) and of the revocation state (§2).
 *
 * @param unknownUser how the global token revocation answers for a user it does not know
 * @param callerRateLimit requests a minute per caller at the global token and session revocation endpoints
 * @param addressRateLimit requests a minute per client address at the access-token revocation API
 * @param onPasswordChange whether changing a user's password revokes everything of the user
 * @param onClientSecretRotation whether rotating a client's secret revokes everything issued to the client
 * @param stalenessBound L of DESIGN §2 invariant 3: how old this node's revocation state may be when it answers
 */
public record RevocationSettings(
        UnknownUser unknownUser,
        int callerRateLimit,
        int addressRateLimit,
        Cascade onPasswordChange,
        Cascade onClientSecretRotation,
        Duration stalenessBound) {

    /** The global token revocation's answer for an unknown user. */
    public enum UnknownUser {
        /** 204, as for a known one: nothing is disclosed (Janssen). */
        NO_CONTENT,
        /** 404, as the draft says. */
        NOT_FOUND
    }

    /** Whether an optional cascade row of DESIGN §1.3 applies. */
    public enum Cascade {
        REVOKE,
        KEEP
    }

    /** The smallest and largest L: below, every node reads the log all the time; above, revocations wait. */
    static final Duration MIN_STALENESS_BOUND = Duration.ofMillis(20);

    static final Duration MAX_STALENESS_BOUND = Duration.ofSeconds(60);

    public static final RevocationSettings DEFAULTS = new RevocationSettings(
            UnknownUser.NO_CONTENT, 60, 60, Cascade.REVOKE, Cascade.KEEP, StalenessBound.DEFAULT);

    public RevocationSettings {
        if (callerRateLimit < 1 || addressRateLimit < 1) {
            throw new IllegalArgumentException("rate limits are at least 1 a minute");
        }
        if (stalenessBound.compareTo(MIN_STALENESS_BOUND) < 0 || stalenessBound.compareTo(MAX_STALENESS_BOUND) > 0) {
            throw new IllegalArgumentException("the revocation staleness bound is between "
                    + MIN_STALENESS_BOUND.toMillis() + " ms and " + MAX_STALENESS_BOUND.toMillis() + " ms");
        }
    }
}
