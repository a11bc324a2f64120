package io.rescind.store;

import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.store.sql.Jdbc;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of revocations (issue 5): the revocations that arrive while a transaction commits wait for it, then
 * the first of them commits all of them in one transaction: one commit and fsync, one change notice and so one
 * catch-up at each node, instead of one of each per revocation. Nobody is answered before the transaction that holds
 * their revocation has committed (DESIGN §2 invariant 1), and a request waits for one commit at most before its own.
 *
 * <p>A batch that fails is carried out again one revocation per transaction, so a revocation that cannot commit
 * fails alone; a batch that fails because the database cannot be reached fails at once, for every revocation in it.
 */
final class GroupCommit {
    /** The most revocations one transaction holds: a bound on the locks it takes and on the time it holds them. */
    static final int MAX_BATCH = 64;

    private final Jdbc jdbc;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Held by the request that commits a batch; the others wait on it, then find their revocation done or lead. */
    private final ReentrantLock committing = new ReentrantLock();

    GroupCommit(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Carries out {@code effects} (see {@link io.rescind.core.revocation.RevocationStore#execute}). */
    ExecutedRevocation execute(List<RevocationEffect> effects, RevocationAudit audit, Instant now) {
        var pending = new Pending(effects, audit, now);
        queue.add(pending);
        while (!pending.isDone()) {
            committing.lock();
            try {
                if (!pending.isDone()) {
                    commit(next());
                }
            } finally {
                committing.unlock();
            }
        }
        return pending.outcome();
    }

    /** How many revocations wait for a transaction now. */
    int queued() {
        return queue.size();
    }

    private List<Pending> next() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        return batch;
    }

    private void commit(List<Pending> batch) {
        try {
            List<ExecutedRevocation> executed = jdbc.inTransaction(c -> {
                List<ExecutedRevocation> each = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    each.add(PgCascade.carryOut(c, p.effects, p.audit, p.now));
                }
                PgCascade.announce(c, each);
                return each;
            });
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(executed.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1 || unreachable(e)) {
                batch.forEach(p -> p.fail(e));
            } else {
                batch.forEach(this::commitAlone);
            }
        } finally {
            // Whatever went wrong (an Error), nobody waits for a batch that is over.
            batch.forEach(p -> p.fail(new StoreException("the revocation's transaction did not finish")));
        }
    }

    private void commitAlone(Pending p) {
        try {
            p.succeed(jdbc.inTransaction(c -> PgCascade.execute(c, p.effects, p.audit, p.now)));
        } catch (RuntimeException e) {
            p.fail(e);
        }
    }

    /** Whether {@code e} says the database could not be reached (no connection, or the connection broke). */
    static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                // Class 08: connection exception; class 57: the server shut down or ended the connection.
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A revocation waiting for its transaction; it is done once that transaction committed or failed. */
    private static final class Pending {
        final List<RevocationEffect> effects;
        final RevocationAudit audit;
        final Instant now;
        private ExecutedRevocation executed;
        private RuntimeException failure;
        private volatile boolean done;

        Pending(List<RevocationEffect> effects, RevocationAudit audit, Instant now) {
            this.effects = effects;
            this.audit = audit;
            this.now = now;
        }

        boolean isDone() {
            return done;
        }

        void succeed(ExecutedRevocation executed) {
            if (!done) {
                this.executed = executed;
                done = true;
            }
        }

        void fail(RuntimeException failure) {
            if (!done) {
                this.failure = failure;
                done = true;
            }
        }

        ExecutedRevocation outcome() {
            if (failure != null) {
                throw failure;
            }
            return executed;
        }
    }
}
