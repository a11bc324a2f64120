package io.rescind.core.revocation;

import java.time.Clock;

/**
 * Revokes: the cascade policy decides what dies, the store commits it durably, and this node's in-memory state
 * learns it before the caller is answered (DESIGN §2 invariants 1 and 3).
 */
public final class Revocations {
    private final RevocationStore store;
    private final RevocationState state;
    private final Clock clock;
    private final Runnable noticesQueued;

    /** @param noticesQueued told after a revocation committed back-channel logout notices (wakes their delivery) */
    public Revocations(RevocationStore store, RevocationState state, Clock clock, Runnable noticesQueued) {
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.noticesQueued = noticesQueued;
    }

    public ExecutedRevocation revoke(RevocationTarget target, RevocationAudit audit) {
        ExecutedRevocation executed = store.execute(CascadePolicy.of(target), audit, clock.instant());
        executed.events().forEach(state::apply);
        if (executed.backChannelNotices() > 0) {
            noticesQueued.run();
        }
        return executed;
    }

    public RevocationState state() {
        return state;
    }
}
