package io.rescind.core.grant;

import java.time.Instant;

/** A refresh token that would refresh now: the family's current one, unexpired, of a live grant. */
public record ActiveRefreshToken(Grant grant, Instant issuedAt, Instant expiresAt) {}
