package io.rescind.core.admin;

import com.nimbusds.jwt.JWTParser;
import io.rescind.core.client.ClientStore;
import io.rescind.core.directory.UserDirectory;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.key.SigningKeys;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.revocation.ExecutedRevocation;
import io.rescind.core.revocation.RevocationAudit;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.token.TokenTypes;
import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The operator's revocations (CLI, admin API): the same cascade as the public interfaces, without their caller
 * checks, since the operator may revoke anything of this server. What is named must exist: an unknown user, client,
 * key or token is an error here (404 {@code unknown_user} / {@code invalid_request}, 400 {@code
 * unsupported_token_type}), because an operator's typo must not look like a success.
 */
public final class OperatorRevocation {
    /**
     * What was revoked: its type ({@code grant}, {@code user}, {@code sessions}, {@code client}, {@code key}), its
     * identifier ({@code sub} for users) and the sequence number of the last log entry written; none when it was
     * revoked already and nothing changed.
     */
    public record Revoked(String type, String id, OptionalLong seq) {}

    private final SigningKeys keys;
    private final GrantStore grants;
    private final OpaqueTokens opaqueTokens;
    private final UserDirectory directory;
    private final ClientStore clients;
    private final Revocations revocations;
    private final Clock clock;

    public OperatorRevocation(
            SigningKeys keys,
            GrantStore grants,
            OpaqueTokens opaqueTokens,
            UserDirectory directory,
            ClientStore clients,
            Revocations revocations,
            Clock clock) {
        this.keys = keys;
        this.grants = grants;
        this.opaqueTokens = opaqueTokens;
        this.directory = directory;
        this.clients = clients;
        this.revocations = revocations;
        this.clock = clock;
    }

    public Revoked revoke(OperatorTarget target, RevocationAudit audit) {
        return switch (target) {
            case OperatorTarget.Token token -> {
                RevocationTarget.Grant grant = grantOf(token.token());
                yield revoked("grant", grant.grantId().value(), revocations.revoke(grant, audit));
            }
            case OperatorTarget.User user -> {
                var found = directory.find(user.criterion()).orElseThrow(OperatorRevocation::unknownUser);
                yield revoked(
                        "user", found.sub().value(), revocations.revoke(new RevocationTarget.User(found.sub()), audit));
            }
            case OperatorTarget.Sessions sessions -> {
                var found = directory.find(sessions.criterion()).orElseThrow(OperatorRevocation::unknownUser);
                yield revoked(
                        "sessions",
                        found.sub().value(),
                        revocations.revoke(new RevocationTarget.Sessions(found.sub(), Optional.empty()), audit));
            }
            case OperatorTarget.Client client -> {
                clients.find(client.clientId()).orElseThrow(() -> notFound("no client '" + client.clientId() + "'"));
                yield revoked(
                        "client",
                        client.clientId().value(),
                        revocations.revoke(new RevocationTarget.Client(client.clientId()), audit));
            }
            case OperatorTarget.Key key -> {
                keys.reload();
                if (keys.ring().keys().stream().noneMatch(k -> k.kid().equals(key.kid()))) {
                    throw notFound("no signing key '" + key.kid() + "'");
                }
                ExecutedRevocation executed = revocations.revoke(new RevocationTarget.SigningKey(key.kid()), audit);
                // Stop signing with it and publishing it now, not when the change notice comes back.
                keys.reload();
                yield revoked("key", key.kid(), executed);
            }
        };
    }

    /** The grant of an access or refresh token of this server, whoever it was issued to. */
    private RevocationTarget.Grant grantOf(String token) {
        if (opaqueTokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, token)) {
            return grants.findGrantOfRefreshToken(OpaqueTokens.storageHash(token))
                    .map(grant -> new RevocationTarget.Grant(grant.id(), clock.instant()))
                    .orElseThrow(() -> notFound("the refresh token is of this server, but its grant is gone"));
        }
        return issuer(token)
                .flatMap(iss -> new JwtVerifier(keys, TokenTypes.ACCESS_TOKEN, iss, clock, JwtVerifier.Expiry.IGNORED)
                        .verify(token))
                .flatMap(jwt -> AccessTokens.read(jwt.claims()))
                .map(claims -> new RevocationTarget.Grant(claims.grantId(), claims.expiresAt()))
                .orElseThrow(() -> OAuthError.UNSUPPORTED_TOKEN_TYPE.exception(
                        "the token is not an access or refresh token issued here"));
    }

    /**
     * The token's own {@code iss}, unverified. It only picks the verifier: the signature by one of this server's keys
     * is what proves the token ours, so the operator's tools need not know the issuer the server runs with.
     */
    private static Optional<String> issuer(String token) {
        try {
            return Optional.ofNullable(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static Revoked revoked(String type, String id, ExecutedRevocation executed) {
        return new Revoked(type, id, executed.lastSeq());
    }

    private static OAuthException unknownUser() {
        return OAuthError.UNKNOWN_USER.exception("no such user");
    }

    private static OAuthException notFound(String description) {
        return OAuthError.INVALID_REQUEST.exception(description).withStatus(404);
    }
}
