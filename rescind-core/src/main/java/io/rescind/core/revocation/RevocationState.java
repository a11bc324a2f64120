package io.rescind.core.revocation;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of what is revoked: small, proportional to revocations rather than to issued tokens, and each
 * test an O(1) lookup (DESIGN §2). Fed from the revocation log at start and by every revocation this node commits.
 */
public final class RevocationState {
    /** The tables are swapped whole when the state is replaced, so a reader never sees a half-built state. */
    private volatile Tables tables = new Tables();

    private static final class Tables {
        final Map<String, Instant> revokedAccessTokens = new ConcurrentHashMap<>();
        final Map<GrantId, Instant> revokedGrants = new ConcurrentHashMap<>();
        final Map<Subject, Long> subjectEpochs = new ConcurrentHashMap<>();
        final Map<ClientId, Long> clientEpochs = new ConcurrentHashMap<>();
        final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();

        void apply(RevocationEvent event) {
            switch (event) {
                case RevocationEvent.AccessTokenRevoked t ->
                    revokedAccessTokens.merge(t.jti(), t.until(), RevocationState::later);
                case RevocationEvent.GrantRevoked g ->
                    revokedGrants.merge(g.grantId(), g.until(), RevocationState::later);
                case RevocationEvent.SubjectEpochAdvanced e -> subjectEpochs.merge(e.sub(), e.epoch(), Math::max);
                case RevocationEvent.ClientEpochAdvanced e -> clientEpochs.merge(e.clientId(), e.epoch(), Math::max);
                case RevocationEvent.SigningKeyRevoked k -> revokedKeys.add(k.kid());
            }
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
        if (t.revokedAccessTokens.containsKey(claims.jti())
                || t.revokedGrants.containsKey(claims.grantId())
                || t.revokedKeys.contains(kid)) {
            return true;
        }
        long subject = claims.subject() instanceof TokenSubject.OfUser(Subject sub)
                ? t.subjectEpochs.getOrDefault(sub, 0L)
                : 0L;
        return claims.epochs().isBehind(new Epochs(subject, t.clientEpochs.getOrDefault(claims.clientId(), 0L)));
    }

    /** The client's epoch as this node knows it: 0 until a revocation of the client advanced it. */
    public long clientEpoch(ClientId clientId) {
        return tables.clientEpochs.getOrDefault(clientId, 0L);
    }

    public boolean isAccessTokenRevoked(String jti) {
        return tables.revokedAccessTokens.containsKey(jti);
    }

    /** Forgets token and grant revocations whose tokens have all expired (DESIGN §2 invariant 4). */
    public void prune(Instant now) {
        Tables t = tables;
        t.revokedAccessTokens.values().removeIf(until -> until.isBefore(now));
        t.revokedGrants.values().removeIf(until -> until.isBefore(now));
    }

    public int size() {
        Tables t = tables;
        return t.revokedAccessTokens.size()
                + t.revokedGrants.size()
                + t.subjectEpochs.size()
                + t.clientEpochs.size()
                + t.revokedKeys.size();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
