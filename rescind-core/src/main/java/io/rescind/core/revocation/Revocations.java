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

    /**
     * Revocations committed by a process that serves no tokens (the CLI, the config file applied before the server
     * starts): it keeps no state of its own, since servers learn of these revocations from the store's change notice,
     * and their back-channel logout notices wait for a server's delivery worker.
     */
    public static Revocations detached(RevocationStore store, Clock clock) {
        return new Revocations(store, new RevocationState(), clock, () -> {});
    }

    /** @param noticesQueued told after a revocation committed back-channel logout notices (wakes their delivery) */
    public Revocations(RevocationStore store, RevocationState state, Clock clock, Runnable noticesQueued) {
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.noticesQueued = noticesQueued;
    }

    public ExecutedRevocation revoke(RevocationTarget target, RevocationAudit audit) {
        return execute(CascadePolicy.of(target), audit);
    }

    /** Revokes {@code target} and makes {@code change}, the admin change that calls for it, in one transaction. */
    public ExecutedRevocation revokeAndChange(
            RevocationTarget target, RevocationAudit audit, RevocationEffect.AdminChangeEffect change) {
        var effects = new java.util.ArrayList<>(CascadePolicy.of(target));
        effects.add(change);
        return execute(effects, audit);
    }

    private ExecutedRevocation execute(java.util.List<RevocationEffect> effects, RevocationAudit audit) {
        ExecutedRevocation executed = store.execute(effects, audit, clock.instant());
        executed.events().forEach(state::apply);
        if (executed.backChannelNotices() > 0) {
            noticesQueued.run();
        }
        return executed;
    }
}
