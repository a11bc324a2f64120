package io.rescind.store;

import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationStore;
import io.rescind.store.sql.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Revocations in PostgreSQL: a cascade, its log entries and its notices in one transaction.
 *
 * <p>A revocation of one token or one grant, the kind that comes by the thousand (RFC 7009, the access-token API),
 * shares its transaction with those that arrive while the previous one commits ({@link GroupCommit}). They go
 * through {@value #LANES} lanes, each committing on its own connection, and a grant always takes the same lane: a
 * batch locks only grants no other batch can lock, so batches never wait for each other. The other revocations lock
 * epochs and sessions, and commit alone, in the lock order that refresh and login follow.
 */
public final class PgRevocations implements RevocationStore {
    /** Batches committing at once: enough to keep PostgreSQL busy while one waits for its fsync. */
    static final int LANES = 4;

    private final Jdbc jdbc;
    private final List<GroupCommit> lanes;

    public PgRevocations(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.lanes =
                IntStream.range(0, LANES).mapToObj(i -> new GroupCommit(jdbc)).toList();
    }

    @Override
    public ExecutedRevocation execute(List<RevocationEffect> effects, RevocationAudit audit, Instant now) {
        return laneOf(effects)
                .map(lane -> lanes.get(lane).execute(effects, audit, now))
                .orElseGet(() -> jdbc.inTransaction(c -> PgCascade.execute(c, effects, audit, now)));
    }

    /** The lane of a revocation of one token or one grant; empty for any other revocation. */
    private static Optional<Integer> laneOf(List<RevocationEffect> effects) {
        if (effects.size() != 1) {
            return Optional.empty();
        }
        return switch (effects.getFirst()) {
            case RevocationEffect.RevokeGrant grant ->
                Optional.of(lane(grant.grantId().value()));
            case RevocationEffect.RevokeAccessToken token -> Optional.of(lane(token.jti()));
            default -> Optional.empty();
        };
    }

    /** The lane of a grant id or of a token's {@code jti}: always the same one. */
    static int lane(String target) {
        return Math.floorMod(target.hashCode(), LANES);
    }

    /** How many revocations wait for the transaction they will share, in every lane. */
    int queued() {
        return lanes.stream().mapToInt(GroupCommit::queued).sum();
    }
}
