package io.rescind.core.grant;

import io.rescind.core.user.User;

/** What the store answers to a code exchange. */
public sealed interface CodeOutcome {
    record Redeemed(Grant grant, AuthorizationCode code, User user) implements CodeOutcome {}

    record Refused(Refusal refusal) implements CodeOutcome {}
}
