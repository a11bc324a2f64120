package io.rescind.core.introspection;

import io.rescind.core.client.Client;
import io.rescind.core.grant.ActiveRefreshToken;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.AccessTokenValidator;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Token introspection (RFC 7662). Fails closed: the answer starts as inactive, and every early exit returns that.
 * Any confidential client may introspect access tokens (resource servers are clients); a refresh token only by the
 * client it was issued to.
 */
public final class Introspection {
    private final AccessTokenValidator accessTokens;
    private final GrantStore grants;
    private final UserStore users;
    private final String issuer;
    private final Clock clock;

    public Introspection(
            AccessTokenValidator accessTokens, GrantStore grants, UserStore users, String issuer, Clock clock) {
        this.accessTokens = accessTokens;
        this.grants = grants;
        this.users = users;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** @param hint {@code token_type_hint}; only an optimisation, every kind is tried */
    public IntrospectionResponse introspect(Client caller, String token, Optional<String> hint) {
        if (!caller.isConfidential()) {
            return IntrospectionResponse.INACTIVE;
        }
        if (token.startsWith(OpaqueTokenKind.REFRESH_TOKEN.prefix())) {
            return refreshToken(caller, token);
        }
        return accessTokens
                .validate(token)
                .map(valid -> accessToken(valid.claims()))
                .orElse(IntrospectionResponse.INACTIVE);
    }

    private IntrospectionResponse accessToken(AccessTokenClaims claims) {
        var members = new LinkedHashMap<String, Object>();
        members.put("active", true);
        members.put("scope", claims.scope().encode());
        members.put("client_id", claims.clientId().value());
        username(claims.subject()).ifPresent(u -> members.put("username", u));
        members.put("token_type", "Bearer");
        members.put("exp", claims.expiresAt().getEpochSecond());
        members.put("iat", claims.issuedAt().getEpochSecond());
        members.put("sub", claims.subject().claim());
        members.put("aud", claims.audience().size() == 1 ? claims.audience().getFirst() : claims.audience());
        members.put("iss", issuer);
        members.put("jti", claims.jti());
        claims.sid().ifPresent(sid -> members.put("sid", sid.value()));
        return new IntrospectionResponse(members);
    }

    private IntrospectionResponse refreshToken(Client caller, String token) {
        Optional<ActiveRefreshToken> found = Optional.of(token)
                .filter(t -> caller.isConfidential())
                .flatMap(t -> grants.findActiveRefreshToken(OpaqueTokens.storageHash(t), clock.instant()))
                .filter(rt -> rt.grant().clientId().equals(caller.id()));
        if (found.isEmpty()) {
            return IntrospectionResponse.INACTIVE;
        }
        var grant = found.get().grant();
        Optional<User> user = users.find(grant.sub()).filter(User::isActive);
        if (user.isEmpty()) {
            return IntrospectionResponse.INACTIVE;
        }
        var members = new LinkedHashMap<String, Object>();
        members.put("active", true);
        members.put("scope", grant.scope().encode());
        members.put("client_id", grant.clientId().value());
        members.put("username", user.get().uid().value());
        members.put("token_type", "refresh_token");
        members.put("exp", found.get().expiresAt().getEpochSecond());
        members.put("iat", found.get().issuedAt().getEpochSecond());
        members.put("sub", grant.sub().value());
        members.put("iss", issuer);
        return new IntrospectionResponse(members);
    }

    private Optional<String> username(TokenSubject subject) {
        return subject instanceof TokenSubject.OfUser(var sub)
                ? users.find(sub).map(u -> u.uid().value())
                : Optional.empty();
    }
}
