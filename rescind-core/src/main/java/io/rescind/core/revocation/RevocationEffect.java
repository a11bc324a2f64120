package io.rescind.core.revocation;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import io.rescind.core.user.User;
import java.time.Instant;
import java.util.Optional;

/** One thing a revocation does; the store carries out a cascade's effects in one transaction. */
public sealed interface RevocationEffect {
    record RevokeAccessToken(String jti, Instant until) implements RevocationEffect {}

    record RevokeGrant(GrantId grantId, Instant until) implements RevocationEffect {}

    /**
     * Ends the user's sessions (all, or one) and, with {@link BoundToSessions#REVOKE}, what was bound to them: the
     * online grants made in them (not {@code offline_access} ones) and their pending authorization codes.
     */
    record EndSessions(Subject sub, Optional<SessionId> only, BoundToSessions bound) implements RevocationEffect {}

    /** What happens to the online grants and pending codes of the sessions a cascade ends. */
    enum BoundToSessions {
        /** Revoked one by one, in the same transaction. */
        REVOKE,
        /** Left alone: an epoch advanced in the same cascade already killed them, in one row (DESIGN §2). */
        DEAD_BY_EPOCH
    }

    /** Every token, grant and code minted for the user before this is dead (DESIGN §2). */
    record AdvanceSubjectEpoch(Subject sub) implements RevocationEffect {}

    record AdvanceClientEpoch(ClientId clientId) implements RevocationEffect {}

    record RevokeSigningKey(String kid) implements RevocationEffect {}

    /**
     * Queues OIDC back-channel logout notices for the sessions this cascade ended, to every client that took part in
     * them; with {@link Addressing#SUBJECT_WHERE_NO_SESSION}, also a {@code sub}-only notice to the user's other
     * clients when no session was ended.
     */
    record NotifyBackChannel(Subject sub, Addressing addressing) implements RevocationEffect {}

    /** Who back-channel notices go to. */
    enum Addressing {
        ENDED_SESSIONS,
        SUBJECT_WHERE_NO_SESSION
    }

    /**
     * The admin change a cascade is for (DESIGN §1.3), committed in the revocation's transaction: a user or client is
     * never changed with its tokens alive, and nothing minted between the revocation and the change survives it.
     */
    sealed interface AdminChangeEffect extends RevocationEffect {}

    record SaveUser(User user) implements AdminChangeEffect {}

    record RemoveUser(Subject sub) implements AdminChangeEffect {}

    record SaveClient(Client client) implements AdminChangeEffect {}

    record RemoveClient(ClientId clientId) implements AdminChangeEffect {}
}
