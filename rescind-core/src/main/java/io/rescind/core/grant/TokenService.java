package io.rescind.core.grant;

import io.rescind.core.authorize.AuthorizationRequest;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientCache;
import io.rescind.core.client.GrantType;
import io.rescind.core.protocol.AdminScopes;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.revocation.StalenessBound;
import io.rescind.core.secret.Entropy;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.AccessTokens;
import io.rescind.core.token.IdTokens;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The token endpoint's logic: code exchange, refresh with rotation, and client credentials. */
public final class TokenService {
    /** Scopes that mean nothing without a user, left out of client_credentials tokens. */
    private static final Set<String> USER_SCOPES = Set.of(Scope.OPENID, Scope.OFFLINE_ACCESS);

    private final GrantStore grants;
    private final ClientCache clients;
    private final StalenessBound staleness;
    private final AccessTokens accessTokens;
    private final IdTokens idTokens;
    private final OpaqueTokens opaqueTokens;
    private final RevocationState revocations;
    private final ServerSettings settings;
    private final Clock clock;

    /**
     * @param clients where client_credentials issuance takes the client's epoch from
     * @param staleness what client_credentials issuance confirms first: it reads no database, so it stops (503) when
     *     this node cannot confirm its revocation state rather than mint tokens it cannot check (DESIGN §2, 5)
     */
    public TokenService(
            GrantStore grants,
            ClientCache clients,
            StalenessBound staleness,
            AccessTokens accessTokens,
            IdTokens idTokens,
            OpaqueTokens opaqueTokens,
            RevocationState revocations,
            ServerSettings settings,
            Clock clock) {
        this.grants = grants;
        this.clients = clients;
        this.staleness = staleness;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.opaqueTokens = opaqueTokens;
        this.revocations = revocations;
        this.settings = settings;
        this.clock = clock;
    }

    public TokenResponse handle(Client client, TokenRequest request) {
        return switch (request) {
            case TokenRequest.AuthorizationCodeGrant code -> exchangeCode(client, code);
            case TokenRequest.RefreshTokenGrant refresh -> refresh(client, refresh);
            case TokenRequest.ClientCredentialsGrant credentials -> clientCredentials(client, credentials);
        };
    }

    private TokenResponse exchangeCode(Client client, TokenRequest.AuthorizationCodeGrant request) {
        requireGrantType(client, GrantType.AUTHORIZATION_CODE);
        if (!opaqueTokens.isGenuine(OpaqueTokenKind.AUTHORIZATION_CODE, request.code())) {
            throw OAuthError.INVALID_GRANT.exception("invalid authorization code");
        }
        requireSigningKeys(client);
        Instant now = clock.instant();
        Optional<String> refreshToken = client.allows(GrantType.REFRESH_TOKEN)
                ? Optional.of(opaqueTokens.mint(OpaqueTokenKind.REFRESH_TOKEN))
                : Optional.empty();
        CodeOutcome outcome = grants.redeemCode(new CodeRedemption(
                OpaqueTokens.storageHash(request.code()),
                client.id(),
                request.redirectUri(),
                request.codeVerifier(),
                GrantId.random(),
                refreshToken.map(token -> newRefreshToken(client, token, now)),
                now,
                now.plus(client.accessTokenTtl())));
        return switch (outcome) {
            case CodeOutcome.Refused refused -> throw refuse(refused.refusal());
            case CodeOutcome.Redeemed redeemed -> {
                Grant grant = redeemed.grant();
                yield respond(
                        client,
                        grant,
                        redeemed.user(),
                        grant.scope(),
                        refreshToken,
                        redeemed.code().nonce(),
                        now);
            }
        };
    }

    private TokenResponse refresh(Client client, TokenRequest.RefreshTokenGrant request) {
        requireGrantType(client, GrantType.REFRESH_TOKEN);
        if (!opaqueTokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, request.refreshToken())) {
            throw OAuthError.INVALID_GRANT.exception("invalid refresh token");
        }
        requireSigningKeys(client);
        Instant now = clock.instant();
        String next = opaqueTokens.mint(OpaqueTokenKind.REFRESH_TOKEN);
        RefreshOutcome outcome = grants.rotateRefreshToken(new RefreshRotation(
                OpaqueTokens.storageHash(request.refreshToken()),
                client.id(),
                request.scope(),
                newRefreshToken(client, next, now),
                settings.refreshTokenReuseGrace(),
                now,
                now.plus(client.accessTokenTtl())));
        return switch (outcome) {
            case RefreshOutcome.Refused refused -> throw refuse(refused.refusal());
            case RefreshOutcome.Rotated rotated -> {
                Grant grant = rotated.grant();
                Scope scope = request.scope().orElse(grant.scope());
                yield respond(client, grant, rotated.user(), scope, Optional.of(next), Optional.empty(), now);
            }
        };
    }

    private TokenResponse clientCredentials(Client client, TokenRequest.ClientCredentialsGrant request) {
        requireGrantType(client, GrantType.CLIENT_CREDENTIALS);
        // Admin scopes only when asked for (DESIGN §1.2): the default is the client's ordinary scopes.
        Scope scope = request.scope().orElse(client.scope().without(USER_SCOPES).without(AdminScopes.ALL));
        if (!client.scope().containsAll(scope) || scope.values().stream().anyMatch(USER_SCOPES::contains)) {
            throw OAuthError.INVALID_SCOPE.exception("scope exceeds what the client may ask for");
        }
        String audience = adminAudience(scope, request.resource())
                .orElseGet(() -> AuthorizationRequest.audience(request.resource(), settings));
        staleness.confirm();
        long clientEpoch = clients.activeEpoch(client.id())
                .orElseThrow(() -> OAuthError.INVALID_CLIENT.exception("client authentication failed"));
        Instant now = clock.instant();
        // Each issuance is its own grant, and no row is written for it (DESIGN §1.3).
        var claims = new AccessTokenClaims(
                Entropy.identifier(),
                new TokenSubject.OfClient(client.id()),
                client.id(),
                List.of(audience),
                scope,
                now,
                now.plus(client.accessTokenTtl()),
                GrantId.random(),
                Optional.empty(),
                new Epochs(0, clientEpoch),
                List.of(),
                Optional.empty());
        return new TokenResponse(
                accessTokens.mint(claims), client.accessTokenTtl(), scope, Optional.empty(), Optional.empty());
    }

    /** A token with an admin scope is for this server alone: {@code aud} is the issuer, whatever else was asked. */
    private Optional<String> adminAudience(Scope scope, Optional<String> resource) {
        if (!AdminScopes.any(scope)) {
            return Optional.empty();
        }
        String issuer = settings.issuer().toString();
        if (resource.isPresent() && !resource.get().equals(issuer)) {
            throw OAuthError.INVALID_TARGET.exception("a token with an admin scope is for this server only");
        }
        return Optional.of(issuer);
    }

    private TokenResponse respond(
            Client client,
            Grant grant,
            User user,
            Scope scope,
            Optional<String> refreshToken,
            Optional<String> nonce,
            Instant now) {
        var claims = new AccessTokenClaims(
                Entropy.identifier(),
                new TokenSubject.OfUser(grant.sub()),
                client.id(),
                grant.audience(),
                scope,
                now,
                now.plus(client.accessTokenTtl()),
                grant.id(),
                grant.sid(),
                grant.epochs(),
                user.roles(),
                Optional.of(grant.authTime()));
        Optional<String> idToken = scope.contains(Scope.OPENID)
                ? Optional.of(idTokens.mint(client, user, grant.authTime(), grant.sid(), nonce))
                : Optional.empty();
        return new TokenResponse(accessTokens.mint(claims), client.accessTokenTtl(), scope, refreshToken, idToken);
    }

    /**
     * A code exchange and a refresh commit before their tokens are signed: every check, the user's included, is made in
     * the store's transaction, and the keys are checked first, so nothing that can fail comes after the commit and a
     * client's retry is never taken for refresh-token reuse.
     */
    private void requireSigningKeys(Client client) {
        accessTokens.requireReady();
        idTokens.requireReady(client);
    }

    private OAuthException refuse(Refusal refusal) {
        refusal.revocations().forEach(revocations::apply);
        return refusal.exception();
    }

    private static NewRefreshToken newRefreshToken(Client client, String token, Instant now) {
        return new NewRefreshToken(OpaqueTokens.storageHash(token), now.plus(client.refreshTokenTtl()));
    }

    private static void requireGrantType(Client client, GrantType type) {
        if (!client.allows(type)) {
            throw OAuthError.UNAUTHORIZED_CLIENT.exception("client is not allowed the " + type.value() + " grant");
        }
    }
}
