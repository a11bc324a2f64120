package io.rescind.core.token;

import com.nimbusds.jose.JOSEObjectType;

/**
 * The {@code typ} of every JWT Rescind signs. Each verifier pins exactly one (RFC 8725 §3.11), so a token of one kind
 * is never accepted as another.
 */
public final class TokenTypes {
    /** RFC 9068 §2.1. */
    public static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
    /** OpenID Connect Core gives none; Rescind sets {@code JWT}, which no access-token verifier accepts. */
    public static final JOSEObjectType ID_TOKEN = JOSEObjectType.JWT;
    /** OpenID Connect Back-Channel Logout 1.0 §2.4 (explicit typing). */
    public static final JOSEObjectType LOGOUT_TOKEN = new JOSEObjectType("logout+jwt");

    private TokenTypes() {}
}
