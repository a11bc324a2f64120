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
        String login) {

    public static final String AUTHORIZATION_PATH = "/authorize";
    public static final String TOKEN_PATH = "/token";
    public static final String USERINFO_PATH = "/userinfo";
    public static final String INTROSPECTION_PATH = "/introspect";
    public static final String JWKS_PATH = "/jwks";
    public static final String LOGIN_PATH = "/login";

    public static Endpoints of(URI issuer) {
        String base = issuer.toString();
        return new Endpoints(
                base,
                base + AUTHORIZATION_PATH,
                base + TOKEN_PATH,
                base + USERINFO_PATH,
                base + INTROSPECTION_PATH,
                base + JWKS_PATH,
                base + LOGIN_PATH);
    }
}
