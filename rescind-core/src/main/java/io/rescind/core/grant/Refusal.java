package io.rescind.core.grant;

import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.revocation.RevocationEvent;
import java.util.List;

/**
 * Why the store refused a code exchange or a refresh, and what it revoked while refusing (a replayed code or a reused
 * refresh token revokes its grant before the refusal is answered).
 */
public record Refusal(OAuthError error, String description, List<RevocationEvent> revocations) {
    public Refusal {
        revocations = List.copyOf(revocations);
    }

    public static Refusal of(OAuthError error, String description) {
        return new Refusal(error, description, List.of());
    }

    public OAuthException exception() {
        return error.exception(description);
    }
}
