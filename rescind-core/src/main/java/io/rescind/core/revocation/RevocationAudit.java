package io.rescind.core.revocation;

import java.util.Optional;

/**
 * Who asked for a revocation and how: {@code initiator} names the caller ({@code client:<id>}, {@code user:<sub>},
 * {@code admin}, {@code system}), {@code callerIp} where there was one, {@code reason} a short cause
 * ({@code refresh_token_reuse}, {@code user_disabled}, ...).
 */
public record RevocationAudit(String initiator, RevocationInterface via, Optional<String> callerIp, String reason) {
    public RevocationAudit {
        if (initiator.isBlank() || initiator.length() > 300 || reason.length() > 100) {
            throw new IllegalArgumentException("invalid revocation audit");
        }
    }

    /** A revocation the server decides itself (refresh-token reuse, code replay). */
    public static RevocationAudit system(RevocationInterface via, String reason) {
        return new RevocationAudit("system", via, Optional.empty(), reason);
    }
}
