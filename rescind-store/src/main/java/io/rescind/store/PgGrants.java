package io.rescind.store;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.ActiveRefreshToken;
import io.rescind.core.grant.AuthorizationCode;
import io.rescind.core.grant.CodeOutcome;
import io.rescind.core.grant.CodeRedemption;
import io.rescind.core.grant.Grant;
import io.rescind.core.grant.GrantId;
import io.rescind.core.grant.GrantOwner;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.grant.LiveGrant;
import io.rescind.core.grant.RefreshDecision;
import io.rescind.core.grant.RefreshOutcome;
import io.rescind.core.grant.RefreshRotation;
import io.rescind.core.grant.Refusal;
import io.rescind.core.grant.StoredRefreshToken;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.CascadePolicy;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationInterface;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.session.SessionId;
import io.rescind.core.session.SessionStatus;
import io.rescind.core.user.Subject;
import io.rescind.core.user.User;
import io.rescind.store.sql.Jdbc;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Codes, grants and refresh tokens in PostgreSQL. A code exchange and a refresh are each one transaction that locks
 * the code or grant row and reads the current epochs {@code FOR SHARE}: one that races a revocation either commits
 * before it (and its tokens die by the epoch) or sees it and fails (DESIGN §2).
 *
 * <p>Both take their locks in the order a revocation does (PgCascade advances an epoch, then an admin change writes
 * the user): epochs, user, session, then the grant or code row. In any other order a refresh and an admin change
 * could each hold what the other waits for. Reads that decide nothing (introspection, RFC 7009) lock nothing.
 */
public final class PgGrants implements GrantStore {
    /** A refresh token and its grant, by the token's hash. */
    private static final String TOKEN_AND_GRANT = """
            SELECT rt.generation AS presented_generation, rt.issued_at AS token_issued_at,
                rt.expires_at AS token_expires_at, g.*
            FROM refresh_tokens rt JOIN grants g ON g.grant_id = rt.grant_id
            WHERE rt.token_hash = ?
            """;

    private final Jdbc jdbc;

    public PgGrants(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Epochs currentEpochs(Subject sub, ClientId clientId) {
        return jdbc.run(c -> epochs(c, sub, clientId, RowLock.NONE));
    }

    @Override
    public void saveCode(byte[] codeHash, AuthorizationCode code) {
        jdbc.run(c -> Jdbc.update(
                c,
                """
                INSERT INTO authorization_codes (code_hash, client_id, sub, sid, redirect_uri, requested_redirect_uri,
                    scope, nonce, code_challenge, audience, auth_time, sub_epoch, client_epoch, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                codeHash,
                code.clientId().value(),
                code.sub().value(),
                code.sid().value(),
                code.redirectUri().toString(),
                code.requestedRedirectUri().map(URI::toString),
                code.scope().encode(),
                code.nonce(),
                code.codeChallenge(),
                code.audience(),
                code.authTime(),
                code.epochs().subject(),
                code.epochs().client(),
                code.expiresAt()));
    }

    @Override
    public CodeOutcome redeemCode(CodeRedemption r) {
        return jdbc.inTransaction(c -> {
            Optional<StoredCode> peek = Jdbc.one(
                    c, "SELECT * FROM authorization_codes WHERE code_hash = ?", PgGrants::mapCode, r.codeHash());
            if (peek.isEmpty() || !r.presentedBy(peek.get().code())) {
                // A code of another client is not consumed: its presenter is not the one who may spend it.
                return refused(Refusal.of(OAuthError.INVALID_GRANT, "invalid authorization code"));
            }
            AuthorizationCode code = peek.get().code();
            Locked locked = lockEpochsAndUser(c, code.sub(), code.clientId());
            SessionStatus session = Jdbc.one(
                            c,
                            "SELECT ended_at FROM sessions WHERE sid = ? FOR SHARE",
                            row -> row.getTimestamp(1) == null ? SessionStatus.LIVE : SessionStatus.ENDED,
                            code.sid().value())
                    .orElse(SessionStatus.ENDED);
            Optional<StoredCode> found = Jdbc.one(
                    c,
                    "SELECT * FROM authorization_codes WHERE code_hash = ? FOR UPDATE",
                    PgGrants::mapCode,
                    r.codeHash());
            if (found.isEmpty()) {
                return refused(Refusal.of(OAuthError.INVALID_GRANT, "invalid authorization code"));
            }
            StoredCode stored = found.get();
            if (stored.consumedAt().isPresent()) {
                List<RevocationEvent> revoked = stored.grantId().isPresent()
                        ? revoke(c, stored.grantId().get(), r.now(), "authorization_code_replay")
                        : List.of();
                return refused(new Refusal(OAuthError.INVALID_GRANT, "authorization code already used", revoked));
            }
            Optional<Refusal> refusal = r.check(code, locked.epochs(), locked.user(), session);
            if (refusal.isPresent()) {
                // Spent whatever the outcome (CodeRedemption): a wrong verifier cannot be followed by the right one.
                Jdbc.update(
                        c, "UPDATE authorization_codes SET consumed_at = ? WHERE code_hash = ?", r.now(), r.codeHash());
                return refused(refusal.get());
            }
            var grant = new Grant(
                    r.newGrantId(),
                    code.clientId(),
                    code.sub(),
                    Optional.of(code.sid()),
                    code.scope(),
                    code.audience(),
                    code.authTime(),
                    code.epochs());
            Jdbc.update(
                    c,
                    """
                    INSERT INTO grants (grant_id, client_id, sub, sid, scope, audience, auth_time, sub_epoch,
                        client_epoch, generation, created_at, access_expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                    """,
                    grant.id().value(),
                    grant.clientId().value(),
                    grant.sub().value(),
                    grant.sid().map(SessionId::value),
                    grant.scope().encode(),
                    grant.audience(),
                    grant.authTime(),
                    grant.epochs().subject(),
                    grant.epochs().client(),
                    r.now(),
                    r.accessTokenExpiresAt());
            // The code names its grant only once the grant exists, so a replay revokes exactly what it produced.
            Jdbc.update(
                    c,
                    "UPDATE authorization_codes SET consumed_at = ?, grant_id = ? WHERE code_hash = ?",
                    r.now(),
                    grant.id().value(),
                    r.codeHash());
            if (r.refreshToken().isPresent()) {
                Jdbc.update(
                        c,
                        """
                        INSERT INTO refresh_tokens (token_hash, grant_id, generation, issued_at, expires_at)
                        VALUES (?, ?, 0, ?, ?)
                        """,
                        r.refreshToken().get().hash(),
                        grant.id().value(),
                        r.now(),
                        r.refreshToken().get().expiresAt());
            }
            return new CodeOutcome.Redeemed(grant, code, locked.user().orElseThrow());
        });
    }

    @Override
    public RefreshOutcome rotateRefreshToken(RefreshRotation r) {
        return jdbc.inTransaction(c -> {
            // The grant, read without a lock: its epochs and user are locked before its row is.
            Optional<Grant> unlocked = grantOf(c, r.presentedHash());
            if (unlocked.isEmpty()) {
                return refusedRefresh(Refusal.of(OAuthError.INVALID_GRANT, "invalid refresh token"));
            }
            Locked locked =
                    lockEpochsAndUser(c, unlocked.get().sub(), unlocked.get().clientId());
            Optional<StoredRefreshToken> found = Jdbc.one(
                    c,
                    TOKEN_AND_GRANT + "FOR UPDATE OF g",
                    row -> mapStoredRefreshToken(row, locked.epochs(), locked.user()),
                    r.presentedHash());
            if (found.isEmpty()) {
                return refusedRefresh(Refusal.of(OAuthError.INVALID_GRANT, "invalid refresh token"));
            }
            Grant grant = found.get().grant();
            return switch (r.decide(found.get())) {
                case RefreshDecision.Refuse refuse -> refusedRefresh(refuse.refusal());
                case RefreshDecision.RevokeGrant revoke ->
                    refusedRefresh(new Refusal(
                            OAuthError.INVALID_GRANT,
                            revoke.description(),
                            revoke(c, grant.id(), r.now(), "refresh_token_reuse")));
                case RefreshDecision.Rotate rotate -> {
                    int next = found.get().currentGeneration() + 1;
                    Jdbc.update(
                            c,
                            """
                            UPDATE grants SET generation = ?, rotated_at = ?,
                                access_expires_at = greatest(access_expires_at, ?)
                            WHERE grant_id = ?
                            """,
                            next,
                            r.now(),
                            r.accessTokenExpiresAt(),
                            grant.id().value());
                    Jdbc.update(
                            c,
                            """
                            INSERT INTO refresh_tokens (token_hash, grant_id, generation, issued_at, expires_at)
                            VALUES (?, ?, ?, ?, ?)
                            """,
                            r.next().hash(),
                            grant.id().value(),
                            next,
                            r.now(),
                            r.next().expiresAt());
                    yield new RefreshOutcome.Rotated(grant, rotate.user());
                }
            };
        });
    }

    /**
     * One statement and no lock: introspection answers what has committed and never waits for a revocation in
     * progress (one that has not committed has not answered success either).
     */
    @Override
    public Optional<ActiveRefreshToken> findActiveRefreshToken(byte[] hash, Instant now) {
        return jdbc.run(c -> Jdbc.one(
                        c,
                        """
                        SELECT rt.generation AS presented_generation, rt.issued_at AS token_issued_at,
                            rt.expires_at AS token_expires_at, g.*,
                            coalesce(se.epoch, 0) AS current_sub_epoch, coalesce(ce.epoch, 0) AS current_client_epoch,
                            u.uid, u.email, u.phone_number, u.name, u.roles, u.password_hash, u.disabled
                        FROM refresh_tokens rt JOIN grants g ON g.grant_id = rt.grant_id
                        LEFT JOIN subject_epochs se ON se.sub = g.sub
                        LEFT JOIN client_epochs ce ON ce.client_id = g.client_id
                        LEFT JOIN users u ON u.sub = g.sub
                        WHERE rt.token_hash = ?
                        """,
                        row -> mapStoredRefreshToken(
                                row,
                                new Epochs(row.getLong("current_sub_epoch"), row.getLong("current_client_epoch")),
                                // The user's columns under their own names (sub is the grant's, the same value).
                                row.getString("uid") == null ? Optional.empty() : Optional.of(PgUsers.map(row))),
                        hash)
                .filter(token -> token.isActive(now))
                .map(token -> new ActiveRefreshToken(
                        token.grant(), token.user().orElseThrow(), token.issuedAt(), token.expiresAt())));
    }

    @Override
    public Optional<Grant> findGrantOfRefreshToken(byte[] hash) {
        return jdbc.run(c -> grantOf(c, hash));
    }

    @Override
    public List<LiveGrant> live(GrantOwner owner, Instant now, int limit) {
        String column = switch (owner) {
            case GrantOwner.OfUser u -> "g.sub";
            case GrantOwner.OfClient c -> "g.client_id";
        };
        String value = switch (owner) {
            case GrantOwner.OfUser u -> u.sub().value();
            case GrantOwner.OfClient c -> c.clientId().value();
        };
        return jdbc.run(c -> Jdbc.list(
                c,
                """
                SELECT g.*, rt.expires_at AS refresh_expires_at
                FROM grants g
                LEFT JOIN refresh_tokens rt ON rt.grant_id = g.grant_id AND rt.generation = g.generation
                LEFT JOIN subject_epochs se ON se.sub = g.sub
                LEFT JOIN client_epochs ce ON ce.client_id = g.client_id
                WHERE %s = ?
                  AND g.revoked_at IS NULL
                  AND g.sub_epoch >= coalesce(se.epoch, 0) AND g.client_epoch >= coalesce(ce.epoch, 0)
                  AND (g.access_expires_at > ? OR rt.expires_at > ?)
                ORDER BY g.created_at DESC, g.grant_id
                LIMIT ?
                """.formatted(column),
                row -> new LiveGrant(
                        mapGrant(row),
                        Jdbc.instant(row, "created_at"),
                        Jdbc.instant(row, "access_expires_at"),
                        Jdbc.optionalInstant(row, "refresh_expires_at")),
                value,
                now,
                now,
                limit));
    }

    /** Revokes the grant through the cascade (DESIGN §1.3 rows "refresh-token reuse" and "code replay"). */
    private static List<RevocationEvent> revoke(Connection c, GrantId id, Instant now, String reason)
            throws SQLException {
        return PgCascade.execute(
                        c,
                        CascadePolicy.of(new RevocationTarget.Grant(id, now)),
                        RevocationAudit.system(RevocationInterface.TOKEN_ENDPOINT, reason),
                        now)
                .events();
    }

    /** The grant of the refresh token with this hash, whatever the state of either; locks nothing. */
    private static Optional<Grant> grantOf(Connection c, byte[] hash) throws SQLException {
        return Jdbc.one(
                c,
                "SELECT g.* FROM refresh_tokens rt JOIN grants g ON g.grant_id = rt.grant_id WHERE rt.token_hash = ?",
                PgGrants::mapGrant,
                hash);
    }

    /** What a transaction read under {@code FOR SHARE}: it cannot change before the transaction ends. */
    private record Locked(Epochs epochs, Optional<User> user) {}

    /** Locks and reads the current epochs, then the user: the start of the lock order (see the class comment). */
    private static Locked lockEpochsAndUser(Connection c, Subject sub, ClientId clientId) throws SQLException {
        Epochs epochs = epochs(c, sub, clientId, RowLock.SHARE);
        Optional<User> user = Jdbc.one(c, "SELECT * FROM users WHERE sub = ? FOR SHARE", PgUsers::map, sub.value());
        return new Locked(epochs, user);
    }

    /** Whether a read locks the rows it reads, for a transaction that decides on them. */
    private enum RowLock {
        NONE(""),
        SHARE(" FOR SHARE");

        final String clause;

        RowLock(String clause) {
            this.clause = clause;
        }
    }

    private static Epochs epochs(Connection c, Subject sub, ClientId clientId, RowLock lock) throws SQLException {
        long subject = Jdbc.one(
                        c,
                        "SELECT epoch FROM subject_epochs WHERE sub = ?" + lock.clause,
                        row -> row.getLong(1),
                        sub.value())
                .orElse(0L);
        long client = Jdbc.one(
                        c,
                        "SELECT epoch FROM client_epochs WHERE client_id = ?" + lock.clause,
                        row -> row.getLong(1),
                        clientId.value())
                .orElse(0L);
        return new Epochs(subject, client);
    }

    private static CodeOutcome refused(Refusal refusal) {
        return new CodeOutcome.Refused(refusal);
    }

    private static RefreshOutcome refusedRefresh(Refusal refusal) {
        return new RefreshOutcome.Refused(refusal);
    }

    private record StoredCode(AuthorizationCode code, Optional<Instant> consumedAt, Optional<GrantId> grantId) {}

    private static StoredCode mapCode(ResultSet row) throws SQLException {
        var code = new AuthorizationCode(
                new ClientId(row.getString("client_id")),
                new Subject(row.getString("sub")),
                new SessionId(row.getString("sid")),
                URI.create(row.getString("redirect_uri")),
                Jdbc.optionalString(row, "requested_redirect_uri").map(URI::create),
                Scope.parse(row.getString("scope")),
                Jdbc.optionalString(row, "nonce"),
                Jdbc.optionalString(row, "code_challenge"),
                Jdbc.strings(row, "audience"),
                Jdbc.instant(row, "auth_time"),
                new Epochs(row.getLong("sub_epoch"), row.getLong("client_epoch")),
                Jdbc.instant(row, "expires_at"));
        return new StoredCode(
                code,
                Jdbc.optionalInstant(row, "consumed_at"),
                Jdbc.optionalString(row, "grant_id").map(GrantId::new));
    }

    /** A refresh token and its grant as {@link #TOKEN_AND_GRANT} selects them, with what was read beside them. */
    private static StoredRefreshToken mapStoredRefreshToken(ResultSet row, Epochs currentEpochs, Optional<User> user)
            throws SQLException {
        return new StoredRefreshToken(
                mapGrant(row),
                row.getInt("presented_generation"),
                row.getInt("generation"),
                Jdbc.instant(row, "token_issued_at"),
                Jdbc.instant(row, "token_expires_at"),
                Jdbc.optionalInstant(row, "rotated_at"),
                Jdbc.optionalInstant(row, "revoked_at"),
                currentEpochs,
                user);
    }

    static Grant mapGrant(ResultSet row) throws SQLException {
        return new Grant(
                new GrantId(row.getString("grant_id")),
                new ClientId(row.getString("client_id")),
                new Subject(row.getString("sub")),
                Jdbc.optionalString(row, "sid").map(SessionId::new),
                Scope.parse(row.getString("scope")),
                Jdbc.strings(row, "audience"),
                Jdbc.instant(row, "auth_time"),
                new Epochs(row.getLong("sub_epoch"), row.getLong("client_epoch")));
    }
}
