package io.rescind.core.userinfo;

import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import io.rescind.core.token.AccessTokenClaims;
import io.rescind.core.token.TokenSubject;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The UserInfo response (OpenID Connect Core §5.3): {@code sub} always, the standard claims of the scopes the token
 * carries ({@code profile}, {@code email}, {@code phone}). UserInfo is this server's own resource, so it takes only
 * tokens whose audience includes this server (the issuer or the default audience, RFC 9068 §4): a token minted for
 * another resource cannot be replayed here by that resource.
 */
public final class UserInfo {
    private final UserStore users;
    private final Set<String> audiences;

    public UserInfo(UserStore users, Set<String> audiences) {
        this.users = users;
        this.audiences = Set.copyOf(audiences);
    }

    /** Claims for a valid access token; it must carry {@code openid} and name an active user. */
    public Map<String, Object> claims(AccessTokenClaims token) {
        if (token.audience().stream().noneMatch(audiences::contains)) {
            throw OAuthError.INVALID_TOKEN.exception("the access token is not for this server");
        }
        if (!token.scope().contains(Scope.OPENID)) {
            throw OAuthError.INSUFFICIENT_SCOPE.exception("the access token lacks the openid scope");
        }
        if (!(token.subject() instanceof TokenSubject.OfUser(var sub))) {
            throw OAuthError.INVALID_TOKEN.exception("the access token names no user");
        }
        User user = users.find(sub)
                .filter(User::isActive)
                .orElseThrow(() -> OAuthError.INVALID_TOKEN.exception("the user of this token is no longer active"));
        var claims = new LinkedHashMap<String, Object>();
        claims.put("sub", user.sub().value());
        if (token.scope().contains("profile")) {
            claims.put("preferred_username", user.uid().value());
            user.name().ifPresent(name -> claims.put("name", name));
        }
        if (token.scope().contains("email")) {
            user.email().ifPresent(email -> claims.put("email", email.value()));
        }
        if (token.scope().contains("phone")) {
            user.phoneNumber().ifPresent(phone -> claims.put("phone_number", phone.value()));
        }
        return claims;
    }
}
