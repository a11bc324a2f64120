package io.rescind.store;

import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationKind;
import io.rescind.core.secret.Entropy;
import io.rescind.store.sql.Jdbc;
import java.time.Instant;

/**
 * What an operator runs once after restoring the database from a backup (docs/cluster.md). Revocations committed
 * after the backup was taken are gone with it, and so would be the knowledge that their tokens are dead; so every
 * token issued before now is killed, whatever it is: every client and subject epoch is bumped (a refresh, a code
 * exchange and every node's validation compare them), every login session is ended, and the revocation log starts a
 * new generation, which makes every running node read its whole state again rather than trust what it held.
 */
public final class PgRestoreFence {
    static final String REASON = "database restored from a backup";

    private final Jdbc jdbc;

    PgRestoreFence(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What the fence did. */
    public record Fenced(String generation, int clients, int subjects, int sessions) {}

    /** Runs the fence in one transaction; {@code initiator} goes into the audit (e.g. {@code cli:alice}). */
    public Fenced fence(Instant now, String initiator) {
        String generation = Entropy.identifier();
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "UPDATE log_generation SET id = ?, created_at = ?", generation, now);
            // Epochs of clients and users that never had one are 0: they become 1, like the others go up by one.
            Jdbc.update(c, "UPDATE client_epochs SET epoch = epoch + 1");
            Jdbc.update(
                    c,
                    "INSERT INTO client_epochs (client_id, epoch) SELECT client_id, 1 FROM clients "
                            + "ON CONFLICT (client_id) DO NOTHING");
            Jdbc.update(c, "UPDATE subject_epochs SET epoch = epoch + 1");
            Jdbc.update(
                    c,
                    "INSERT INTO subject_epochs (sub, epoch) SELECT sub, 1 FROM users "
                            + "ON CONFLICT (sub) DO NOTHING");
            int sessions = Jdbc.update(
                    c, "UPDATE sessions SET ended_at = ?, ended_reason = ? WHERE ended_at IS NULL", now, REASON);
            // The audit shows the fence as the clients' epochs it bumped (one entry per client, not per user).
            int clients = Jdbc.update(
                    c,
                    """
                    INSERT INTO revocation_log (kind, target, until, created_at, initiator, interface, reason, detail)
                    SELECT ?, client_id, NULL, ?, ?, ?, ?, epoch::text FROM client_epochs
                    """,
                    RevocationKind.CLIENT_EPOCH.value(),
                    now,
                    initiator,
                    RevocationInterface.CLI.value(),
                    REASON);
            int subjects = Jdbc.one(c, "SELECT count(*) FROM subject_epochs", row -> row.getInt(1))
                    .orElseThrow();
            PgChangeNotices.publish(c, ChangeTopic.REVOCATIONS);
            PgChangeNotices.publish(c, ChangeTopic.CLIENTS);
            return new Fenced(generation, clients, subjects, sessions);
        });
    }
}
