package io.rescind.server.bootstrap;

import io.rescind.core.revocation.RevocationCatchUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic read of the revocation log. It runs several times a second, so it logs when reading starts failing and
 * when it works again, not at each failure.
 */
final class PeriodicCatchUp implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicCatchUp.class);

    private final RevocationCatchUp catchUp;
    private boolean failing;

    PeriodicCatchUp(RevocationCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public void run() {
        try {
            catchUp.catchUp();
            if (failing) {
                LOG.info("Revocation state caught up again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn(
                        "Revocation catch-up failed ({}); requests that need the revocation state answer 503 once it"
                                + " is older than the staleness bound",
                        e.getMessage());
                failing = true;
            }
        }
    }
}
