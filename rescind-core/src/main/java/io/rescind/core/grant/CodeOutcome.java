package io.rescind.core.grant;

/** What the store answers to a code exchange. */
public sealed interface CodeOutcome {
    record Redeemed(Grant grant, AuthorizationCode code) implements CodeOutcome {}

    record Refused(Refusal refusal) implements CodeOutcome {}
}
