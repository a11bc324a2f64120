package io.rescind.store.testing;

import io.rescind.core.revocation.CascadePolicy;
import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.store.PostgresStore;
import java.time.Instant;

/** Revocations as the server executes them: the target's cascade ({@link CascadePolicy}), audited. */
public final class TestRevocations {
    /** The audit of a test's revocation when the test is not about the audit: the system, through the CLI. */
    public static final RevocationAudit AUDIT = RevocationAudit.system(RevocationInterface.CLI, "test");

    private TestRevocations() {}

    public static ExecutedRevocation revoke(PostgresStore store, RevocationTarget target, Instant at) {
        return revoke(store, target, AUDIT, at);
    }

    public static ExecutedRevocation revoke(
            PostgresStore store, RevocationTarget target, RevocationAudit audit, Instant at) {
        return store.revocations().execute(CascadePolicy.of(target), audit, at);
    }
}
