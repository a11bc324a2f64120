package io.rescind.core.revocation;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of what is revoked: small, proportional to revocations rather than to issued tokens, and each
 * test an O(1) lookup (DESIGN §2). Fed from the revocation log at start and by every revocation this node commits.
 */
public final class RevocationState {
    private final Map<String, Instant> revokedAccessTokens = new ConcurrentHashMap<>();
    private final Map<GrantId, Instant> revokedGrants = new ConcurrentHashMap<>();
    private final Map<Subject, Long> subjectEpochs = new ConcurrentHashMap<>();
    private final Map<ClientId, Long> clientEpochs = new ConcurrentHashMap<>();
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();

    public void apply(RevocationEvent event) {
        switch (event) {
            case RevocationEvent.AccessTokenRevoked t ->
                revokedAccessTokens.merge(t.jti(), t.until(), RevocationState::later);
            case RevocationEvent.GrantRevoked g -> revokedGrants.merge(g.grantId(), g.until(), RevocationState::later);
            case RevocationEvent.SubjectEpochAdvanced s -> subjectEpochs.merge(s.sub(), s.epoch(), Math::max);
            case RevocationEvent.ClientEpochAdvanced c -> clientEpochs.merge(c.clientId(), c.epoch(), Math::max);
            case RevocationEvent.SigningKeyRevoked k -> revokedKeys.add(k.kid());
        }
    }

    /** Loads every live event of the log. */
    public void load(RevocationLog log, Instant now) {
        log.live(now).forEach(this::apply);
    }

    /**
     * Whether anything revoked kills a token with these claims, signed by {@code kid} (the signature was checked
     * before): its {@code jti}, its grant, its signing key, or an epoch behind the current one.
     */
    public boolean kills(AccessTokenClaims claims, String kid) {
        if (revokedAccessTokens.containsKey(claims.jti())
                || revokedGrants.containsKey(claims.grantId())
                || revokedKeys.contains(kid)) {
            return true;
        }
        long subject =
                claims.subject() instanceof TokenSubject.OfUser(Subject sub) ? subjectEpochs.getOrDefault(sub, 0L) : 0L;
        return claims.epochs().isBehind(new Epochs(subject, clientEpochs.getOrDefault(claims.clientId(), 0L)));
    }

    public boolean isAccessTokenRevoked(String jti) {
        return revokedAccessTokens.containsKey(jti);
    }

    /** Forgets token and grant revocations whose tokens have all expired (DESIGN §2 invariant 4). */
    public void prune(Instant now) {
        revokedAccessTokens.values().removeIf(until -> until.isBefore(now));
        revokedGrants.values().removeIf(until -> until.isBefore(now));
    }

    public int size() {
        return revokedAccessTokens.size()
                + revokedGrants.size()
                + subjectEpochs.size()
                + clientEpochs.size()
                + revokedKeys.size();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
