package io.rescind.core.settings;

import java.net.URI;

/** The absolute URL of every endpoint, derived from the issuer. */
public record Endpoints(
        String issuer,
        String authorization,
        String token,
        String userinfo,
        String introspection,
        String jwks,
        String login,
        String revocation,
        String accessTokenRevocation,
        String globalTokenRevocation,
        String sessionRevocation,
        String endSession) {

    public static final String AUTHORIZATION_PATH = "/authorize";
    public static final String TOKEN_PATH = "/token";
    public static final String USERINFO_PATH = "/userinfo";
    public static final String INTROSPECTION_PATH = "/introspect";
    public static final String JWKS_PATH = "/jwks";
    public static final String LOGIN_PATH = "/login";
    public static final String REVOCATION_PATH = "/oauth/revoke";
    public static final String ACCESS_TOKEN_REVOCATION_PATH = "/v1/auth/token/revoke";
    public static final String GLOBAL_TOKEN_REVOCATION_PATH = "/global-token-revocation";
    public static final String SESSION_REVOCATION_PATH = "/revoke_session";
    public static final String END_SESSION_PATH = "/end_session";

    public static Endpoints of(URI issuer) {
        String base = issuer.toString();
        return new Endpoints(
                base,
                base + AUTHORIZATION_PATH,
                base + TOKEN_PATH,
                base + USERINFO_PATH,
                base + INTROSPECTION_PATH,
                base + JWKS_PATH,
                base + LOGIN_PATH,
                base + REVOCATION_PATH,
                base + ACCESS_TOKEN_REVOCATION_PATH,
                base + GLOBAL_TOKEN_REVOCATION_PATH,
                base + SESSION_REVOCATION_PATH,
                base + END_SESSION_PATH);
    }
}
