package io.rescind.core.grant;

import io.rescind.core.user.User;

/** What the refresh rules decide about a presented refresh token; the store carries it out in its transaction. */
public sealed interface RefreshDecision {
    /** Rotate to the next token. */
    record Rotate(User user) implements RefreshDecision {}

    /** Refuse, changing nothing. */
    record Refuse(Refusal refusal) implements RefreshDecision {}

    /** A rotated token presented again: revoke the whole grant, then refuse (DESIGN §1.3). */
    record RevokeGrant(String description) implements RefreshDecision {}
}
