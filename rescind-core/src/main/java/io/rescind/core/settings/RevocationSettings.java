package io.rescind.core.settings;

/**
 * Settings of the revocation interfaces (DESIGN §1).
 *
 * @param unknownUser how the global token revocation answers for a user it does not know
 * @param callerRateLimit requests a minute per caller at the global token and session revocation endpoints
 * @param addressRateLimit requests a minute per client address at the access-token revocation API
 * @param onPasswordChange whether changing a user's password revokes everything of the user
 * @param onClientSecretRotation whether rotating a client's secret revokes everything issued to the client
 */
public record RevocationSettings(
        UnknownUser unknownUser,
        int callerRateLimit,
        int addressRateLimit,
        Cascade onPasswordChange,
        Cascade onClientSecretRotation) {

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

    public static final RevocationSettings DEFAULTS =
            new RevocationSettings(UnknownUser.NO_CONTENT, 60, 60, Cascade.REVOKE, Cascade.KEEP);

    public RevocationSettings {
        if (callerRateLimit < 1 || addressRateLimit < 1) {
            throw new IllegalArgumentException("rate limits are at least 1 a minute");
        }
    }
}
