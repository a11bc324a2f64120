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

    public Revocations(RevocationStore store, RevocationState state, Clock clock) {
        this.store = store;
        this.state = state;
        this.clock = clock;
    }

    public ExecutedRevocation revoke(RevocationTarget target, RevocationAudit audit) {
        ExecutedRevocation executed = store.execute(CascadePolicy.of(target), audit, clock.instant());
        executed.events().forEach(state::apply);
        return executed;
    }

    public RevocationState state() {
        return state;
    }
}
