package io.rescind.core.protocol;

import java.util.Set;

/**
 * Scopes that let a client act on other users (DESIGN §1.2). They are only ever issued to confidential clients
 * through client_credentials, only when asked for, with {@code aud} = this server; never in a token that carries a
 * user.
 */
public final class AdminScopes {
    public static final String GLOBAL_TOKEN_REVOCATION = "global_token_revocation";
    public static final String REVOKE_SESSION = "revoke_session";
    public static final String REVOCATION_FEED = "revocation_feed";
    public static final Set<String> ALL = Set.of(GLOBAL_TOKEN_REVOCATION, REVOKE_SESSION, REVOCATION_FEED);

    private AdminScopes() {}

    public static boolean any(Scope scope) {
        return scope.values().stream().anyMatch(ALL::contains);
    }
}
