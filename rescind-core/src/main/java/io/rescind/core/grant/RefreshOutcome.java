package io.rescind.core.grant;

/** What the store answers to a refresh. */
public sealed interface RefreshOutcome {
    record Rotated(Grant grant) implements RefreshOutcome {}

    record Refused(Refusal refusal) implements RefreshOutcome {}
}
