package io.rescind.core.revocation;

import io.rescind.core.client.ClientId;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.List;

/**
 * The in-memory view of what is revoked: small, proportional to revocations rather than to issued tokens, and each
 * test an O(1) lookup (DESIGN §2). Fed from the revocation log at start and by every revocation this node commits.
 */
public final class RevocationState {
    /** The tables are swapped whole when the state is replaced, so a reader never sees a half-built state. */
    private volatile Tables tables = new Tables();

    /**
     * Each table maps an identifier to one long: a revoked token's or grant's expiry in nanoseconds since the epoch
     * (kept until then), an epoch, or nothing that matters (a revoked key).
     */
    private static final class Tables {
        final CompactIdMap revokedAccessTokens = new CompactIdMap();
        final CompactIdMap revokedGrants = new CompactIdMap();
        final CompactIdMap subjectEpochs = new CompactIdMap();
        final CompactIdMap clientEpochs = new CompactIdMap();
        final CompactIdMap revokedKeys = new CompactIdMap();

        void apply(RevocationEvent event) {
            switch (event) {
                case RevocationEvent.AccessTokenRevoked t -> revokedAccessTokens.merge(t.jti(), nanos(t.until()));
                case RevocationEvent.GrantRevoked g ->
                    revokedGrants.merge(g.grantId().value(), nanos(g.until()));
                case RevocationEvent.SubjectEpochAdvanced e ->
                    subjectEpochs.merge(e.sub().value(), e.epoch());
                case RevocationEvent.ClientEpochAdvanced e ->
                    clientEpochs.merge(e.clientId().value(), e.epoch());
                case RevocationEvent.SigningKeyRevoked k -> revokedKeys.merge(k.kid(), 0);
            }
        }

        static long epoch(CompactIdMap epochs, String id) {
            return Math.max(0, epochs.get(id));
        }
    }

    /** Adds what {@code event} says is dead; applying an event twice changes nothing. */
    public void apply(RevocationEvent event) {
        tables.apply(event);
    }

    /**
     * Replaces the whole state with {@code events} (a first read, or a log of a new generation), in one swap: a
     * revocation this node applies meanwhile may be lost from memory until the next catch-up reads it again.
     */
    public void replace(List<RevocationEvent> events) {
        var fresh = new Tables();
        events.forEach(fresh::apply);
        tables = fresh;
    }

    /**
     * Whether anything revoked kills a token with these claims, signed by {@code kid} (the signature was checked
     * before): its {@code jti}, its grant, its signing key, or an epoch behind the current one.
     */
    public boolean kills(AccessTokenClaims claims, String kid) {
        Tables t = tables;
        if (t.revokedAccessTokens.contains(claims.jti())
                || t.revokedGrants.contains(claims.grantId().value())
                || t.revokedKeys.contains(kid)) {
            return true;
        }
        long subject = claims.subject() instanceof TokenSubject.OfUser(Subject sub)
                ? Tables.epoch(t.subjectEpochs, sub.value())
                : 0L;
        return claims.epochs()
                .isBehind(new Epochs(
                        subject, Tables.epoch(t.clientEpochs, claims.clientId().value())));
    }

    /** The client's epoch as this node knows it: 0 until a revocation of the client advanced it. */
    public long clientEpoch(ClientId clientId) {
        return Tables.epoch(tables.clientEpochs, clientId.value());
    }

    public boolean isAccessTokenRevoked(String jti) {
        return tables.revokedAccessTokens.contains(jti);
    }

    /** Forgets token and grant revocations whose tokens have all expired (DESIGN §2 invariant 4). */
    public void prune(Instant now) {
        Tables t = tables;
        t.revokedAccessTokens.removeBelow(nanos(now));
        t.revokedGrants.removeBelow(nanos(now));
    }

    public int size() {
        Tables t = tables;
        return t.revokedAccessTokens.size()
                + t.revokedGrants.size()
                + t.subjectEpochs.size()
                + t.clientEpochs.size()
                + t.revokedKeys.size();
    }

    /**
     * Nanoseconds since the epoch, exact from 1677 to 2262 and saturated beyond: a later instant never maps below an
     * earlier one, so keeping the larger and pruning below {@code now} decide as the instants would.
     */
    private static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? CompactIdMap.ABSENT + 1 : Long.MAX_VALUE;
        }
    }
}
