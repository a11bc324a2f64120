package io.rescind.store;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationKind;
import io.rescind.core.secret.Entropy;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Carries out revocation effects inside the caller's transaction, appending each to the revocation log with its
 * audit: the revocation and its record commit together or not at all. Every statement locks the rows it changes, so
 * a refresh or a code exchange racing it either commits first (and what it minted dies with the rest) or waits and
 * sees the revocation (DESIGN §2).
 */
final class PgCascade {
    private final Connection c;
    private final RevocationAudit audit;
    private final Instant now;
    private final List<RevocationEvent> events = new ArrayList<>();
    /** The sessions ended so far, with the clients that took part in each. */
    private final Map<SessionId, Set<ClientId>> endedSessions = new LinkedHashMap<>();

    private int notices;
    private OptionalLong lastSeq = OptionalLong.empty();

    private PgCascade(Connection c, RevocationAudit audit, Instant now) {
        this.c = c;
        this.audit = audit;
        this.now = now;
    }

    static ExecutedRevocation execute(Connection c, List<RevocationEffect> effects, RevocationAudit audit, Instant now)
            throws SQLException {
        ExecutedRevocation executed = carryOut(c, effects, audit, now);
        announce(c, List.of(executed));
        return executed;
    }

    /** Carries out {@code effects} without the change notice: the caller {@linkplain #announce announces} them. */
    static ExecutedRevocation carryOut(Connection c, List<RevocationEffect> effects, RevocationAudit audit, Instant now)
            throws SQLException {
        var cascade = new PgCascade(c, audit, now);
        for (RevocationEffect effect : effects) {
            cascade.apply(effect);
        }
        return new ExecutedRevocation(
                cascade.events, List.copyOf(cascade.endedSessions.keySet()), cascade.notices, cascade.lastSeq);
    }

    /**
     * Tells the other processes (servers beside an admin command, other nodes) to read the log again if any of
     * {@code executed} wrote to it: one notice, however many revocations the transaction holds.
     */
    static void announce(Connection c, List<ExecutedRevocation> executed) throws SQLException {
        if (executed.stream().anyMatch(e -> e.lastSeq().isPresent())) {
            PgChangeNotices.publish(c, ChangeTopic.REVOCATIONS);
        }
    }

    private void apply(RevocationEffect effect) throws SQLException {
        switch (effect) {
            case RevocationEffect.RevokeAccessToken t -> revokeAccessToken(t.jti(), t.until());
            case RevocationEffect.RevokeGrant g -> revokeGrant(g.grantId(), g.until());
            case RevocationEffect.EndSessions s -> endSessions(s.sub(), s.only(), s.bound());
            case RevocationEffect.AdvanceSubjectEpoch e -> advanceSubjectEpoch(e.sub());
            case RevocationEffect.AdvanceClientEpoch e -> advanceClientEpoch(e.clientId());
            case RevocationEffect.RevokeSigningKey k -> revokeSigningKey(k.kid());
            case RevocationEffect.NotifyBackChannel n -> notifyBackChannel(n.sub(), n.addressing());
            case RevocationEffect.SaveUser u -> PgUsers.upsert(c, u.user(), now);
            case RevocationEffect.RemoveUser u -> PgUsers.delete(c, u.sub());
            case RevocationEffect.SaveClient k -> PgClients.upsert(c, k.client(), now);
            case RevocationEffect.RemoveClient k -> PgClients.delete(c, k.clientId());
        }
    }

    private void revokeAccessToken(String jti, Instant until) throws SQLException {
        if (!logged(RevocationKind.ACCESS_TOKEN, jti)) {
            log(RevocationKind.ACCESS_TOKEN, jti, Optional.of(until), Optional.empty());
            events.add(new RevocationEvent.AccessTokenRevoked(jti, until));
        }
    }

    /** A grant with a row is marked revoked; a client_credentials grant (no row) is only logged, once. */
    private void revokeGrant(GrantId grantId, Instant until) throws SQLException {
        Optional<Instant> marked =
                Jdbc.one(c, """
                UPDATE grants SET revoked_at = ?, revoked_reason = ?
                WHERE grant_id = ? AND revoked_at IS NULL
                RETURNING access_expires_at
                """, row -> Jdbc.instant(row, "access_expires_at"), now, audit.reason(), grantId.value());
        if (marked.isPresent() || !logged(RevocationKind.GRANT, grantId.value())) {
            logGrant(grantId, marked, until);
        }
    }

    /**
     * Logs a grant's revocation, which matters until {@code until} or, if later, until the last access token minted
     * under the grant's row expires.
     */
    private void logGrant(GrantId grantId, Optional<Instant> accessExpiresAt, Instant until) throws SQLException {
        Instant effectiveUntil = accessExpiresAt.filter(at -> at.isAfter(until)).orElse(until);
        log(RevocationKind.GRANT, grantId.value(), Optional.of(effectiveUntil), Optional.empty());
        events.add(new RevocationEvent.GrantRevoked(grantId, effectiveUntil));
    }

    /** Whether the log already holds an entry of this kind for this target. */
    private boolean logged(RevocationKind kind, String target) throws SQLException {
        return Jdbc.one(
                        c,
                        "SELECT EXISTS (SELECT 1 FROM revocation_log WHERE kind = ? AND target = ?)",
                        row -> row.getBoolean(1),
                        kind.value(),
                        target)
                .orElseThrow();
    }

    private void endSessions(Subject sub, Optional<SessionId> only, RevocationEffect.BoundToSessions bound)
            throws SQLException {
        record Ended(SessionId sid, Instant expiresAt) {}
        List<Ended> ended = Jdbc.list(
                c,
                """
                UPDATE sessions SET ended_at = ?, ended_reason = ?
                WHERE sub = ? AND ended_at IS NULL AND (?::text IS NULL OR sid = ?)
                RETURNING sid, expires_at
                """,
                row -> new Ended(new SessionId(row.getString("sid")), Jdbc.instant(row, "expires_at")),
                now,
                audit.reason(),
                sub.value(),
                only.map(SessionId::value),
                only.map(SessionId::value));
        for (Ended session : ended) {
            String sid = session.sid().value();
            Set<ClientId> participants =
                    new LinkedHashSet<>(Jdbc.list(c, """
                    SELECT client_id FROM grants WHERE sid = ?
                    UNION SELECT client_id FROM authorization_codes WHERE sid = ?
                    """, row -> new ClientId(row.getString(1)), sid, sid));
            endedSessions.put(session.sid(), participants);
            log(RevocationKind.SESSION, sid, Optional.of(session.expiresAt()), Optional.of(sub.value()));
            if (bound == RevocationEffect.BoundToSessions.REVOKE) {
                // The online grants of the session end with it; offline_access grants outlive it (DESIGN §1.3).
                // Marked in one statement, logged in grant-id order.
                record Marked(GrantId grantId, Instant accessExpiresAt) {}
                List<Marked> online = Jdbc.list(
                        c,
                        """
                        WITH marked AS (
                            UPDATE grants SET revoked_at = ?, revoked_reason = ?
                            WHERE sid = ? AND revoked_at IS NULL
                                AND NOT ('offline_access' = ANY (string_to_array(scope, ' ')))
                            RETURNING grant_id, access_expires_at
                        )
                        SELECT grant_id, access_expires_at FROM marked ORDER BY grant_id
                        """,
                        row -> new Marked(
                                new GrantId(row.getString("grant_id")), Jdbc.instant(row, "access_expires_at")),
                        now,
                        audit.reason(),
                        sid);
                for (Marked grant : online) {
                    logGrant(grant.grantId(), Optional.of(grant.accessExpiresAt()), now);
                }
                Jdbc.update(c, "DELETE FROM authorization_codes WHERE sid = ? AND consumed_at IS NULL", sid);
            }
        }
    }

    private void advanceSubjectEpoch(Subject sub) throws SQLException {
        long epoch = Jdbc.one(c, """
                INSERT INTO subject_epochs (sub, epoch) VALUES (?, 1)
                ON CONFLICT (sub) DO UPDATE SET epoch = subject_epochs.epoch + 1
                RETURNING epoch
                """, row -> row.getLong(1), sub.value()).orElseThrow();
        log(RevocationKind.SUBJECT_EPOCH, sub.value(), Optional.empty(), Optional.of(Long.toString(epoch)));
        events.add(new RevocationEvent.SubjectEpochAdvanced(sub, epoch));
    }

    private void advanceClientEpoch(ClientId clientId) throws SQLException {
        long epoch = Jdbc.one(c, """
                INSERT INTO client_epochs (client_id, epoch) VALUES (?, 1)
                ON CONFLICT (client_id) DO UPDATE SET epoch = client_epochs.epoch + 1
                RETURNING epoch
                """, row -> row.getLong(1), clientId.value()).orElseThrow();
        log(RevocationKind.CLIENT_EPOCH, clientId.value(), Optional.empty(), Optional.of(Long.toString(epoch)));
        // Servers hold each client with its epoch (ClientCache): they read the clients again.
        PgChangeNotices.publish(c, ChangeTopic.CLIENTS);
        events.add(new RevocationEvent.ClientEpochAdvanced(clientId, epoch));
    }

    private void revokeSigningKey(String kid) throws SQLException {
        int marked =
                Jdbc.update(c, "UPDATE signing_keys SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL", now, kid);
        if (marked == 1) {
            log(RevocationKind.SIGNING_KEY, kid, Optional.empty(), Optional.empty());
            PgChangeNotices.publish(c, ChangeTopic.KEYS);
            events.add(new RevocationEvent.SigningKeyRevoked(kid));
        }
    }

    /**
     * Queues one logout notice per (client, ended session) for clients with a back-channel logout URI; with
     * SUBJECT_WHERE_NO_SESSION, a {@code sub}-only notice to each such client of the user that took part in no
     * ended session.
     */
    private void notifyBackChannel(Subject sub, RevocationEffect.Addressing addressing) throws SQLException {
        Set<ClientId> listening = new LinkedHashSet<>(Jdbc.list(
                c,
                "SELECT client_id FROM clients WHERE backchannel_logout_uri IS NOT NULL AND NOT disabled ORDER BY 1",
                row -> new ClientId(row.getString(1))));
        Set<ClientId> notified = new LinkedHashSet<>();
        for (var session : endedSessions.entrySet()) {
            for (ClientId client : session.getValue()) {
                if (listening.contains(client)) {
                    queue(client, sub, Optional.of(session.getKey()));
                    notified.add(client);
                }
            }
        }
        if (addressing == RevocationEffect.Addressing.SUBJECT_WHERE_NO_SESSION) {
            // Asked per listening client (an index probe each), not by listing the clients of the user's grants: a
            // user's grants may be many, the clients that listen are few.
            for (ClientId client : listening) {
                if (!notified.contains(client) && tookPart(client, sub)) {
                    queue(client, sub, Optional.empty());
                }
            }
        }
    }

    /** Whether the user has a grant or an authorization code of the client (live or not). */
    private boolean tookPart(ClientId client, Subject sub) throws SQLException {
        return Jdbc.one(c, """
                        SELECT EXISTS (SELECT 1 FROM grants WHERE sub = ? AND client_id = ?)
                            OR EXISTS (SELECT 1 FROM authorization_codes WHERE sub = ? AND client_id = ?)
                        """, row -> row.getBoolean(1), sub.value(), client.value(), sub.value(), client.value())
                .orElse(false);
    }

    private void queue(ClientId client, Subject sub, Optional<SessionId> sid) throws SQLException {
        Jdbc.update(
                c, """
                INSERT INTO backchannel_outbox (client_id, jti, sub, sid, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, client.value(), Entropy.identifier(), sub.value(), sid.map(SessionId::value), now, now, now);
        notices++;
    }

    private void log(RevocationKind kind, String target, Optional<Instant> until, Optional<String> detail)
            throws SQLException {
        long seq = Jdbc.one(
                        c,
                        """
                INSERT INTO revocation_log (kind, target, until, created_at, initiator, interface, caller_ip, reason,
                    detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING seq
                """,
                        row -> row.getLong(1),
                        kind.value(),
                        target,
                        until,
                        now,
                        audit.initiator(),
                        audit.via().value(),
                        audit.callerIp(),
                        audit.reason(),
                        detail)
                .orElseThrow();
        lastSeq = OptionalLong.of(seq);
    }
}
