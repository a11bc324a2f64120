package io.rescind.core.token;

/** An access token that is valid now: verified, of this server, and not revoked. */
public record ValidAccessToken(AccessTokenClaims claims, String kid) {}
