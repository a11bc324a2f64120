package io.rescind.core.introspection;

import io.rescind.core.client.Client;
import io.rescind.core.grant.ActiveRefreshToken;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.protocol.OAuthError;
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
 * Only confidential clients may call it. Any of them may introspect access tokens (resource servers are clients); a
 * refresh token only the client it was issued to. Every kind of token is tried, so {@code token_type_hint} is not
 * needed to find one.
 */
public final class Introspection {
    private final AccessTokenValidator accessTokens;
    private final GrantStore grants;
    private final UserStore users;
    private final OpaqueTokens opaqueTokens;
    private final String issuer;
    private final Clock clock;

    public Introspection(
            AccessTokenValidator accessTokens,
            GrantStore grants,
            UserStore users,
            OpaqueTokens opaqueTokens,
            String issuer,
            Clock clock) {
        this.accessTokens = accessTokens;
        this.grants = grants;
        this.users = users;
        this.opaqueTokens = opaqueTokens;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** Throws {@code invalid_client} unless the authenticated caller may introspect at all. */
    public void requireCaller(Client caller) {
        if (!caller.isConfidential()) {
            throw OAuthError.INVALID_CLIENT.exception("introspection is for confidential clients only");
        }
    }

    public IntrospectionResponse introspect(Client caller, String token) {
        requireCaller(caller);
        if (opaqueTokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, token)) {
            return grants.findActiveRefreshToken(OpaqueTokens.storageHash(token), clock.instant())
                    .filter(rt -> rt.grant().clientId().equals(caller.id()))
                    .map(this::refreshToken)
                    .orElse(IntrospectionResponse.INACTIVE);
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

    private IntrospectionResponse refreshToken(ActiveRefreshToken token) {
        var grant = token.grant();
        var members = new LinkedHashMap<String, Object>();
        members.put("active", true);
        members.put("scope", grant.scope().encode());
        members.put("client_id", grant.clientId().value());
        members.put("username", token.user().uid().value());
        members.put("token_type", "refresh_token");
        members.put("exp", token.expiresAt().getEpochSecond());
        members.put("iat", token.issuedAt().getEpochSecond());
        members.put("sub", grant.sub().value());
        members.put("iss", issuer);
        return new IntrospectionResponse(members);
    }

    private Optional<String> username(TokenSubject subject) {
        return subject instanceof TokenSubject.OfUser(var sub)
                ? users.find(sub).map(User::uid).map(uid -> uid.value())
                : Optional.empty();
    }
}
