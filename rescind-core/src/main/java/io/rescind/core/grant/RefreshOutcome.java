package io.rescind.core.grant;

import io.rescind.core.user.User;

/** What the store answers to a refresh. */
public sealed interface RefreshOutcome {
    record Rotated(Grant grant, User user) implements RefreshOutcome {}

    record Refused(Refusal refusal) implements RefreshOutcome {}
}
