package io.rescind.core.grant;

import io.rescind.core.user.User;
import java.time.Instant;

/** A refresh token that would refresh now: the family's current one, unexpired, of a live grant and active user. */
public record ActiveRefreshToken(Grant grant, User user, Instant issuedAt, Instant expiresAt) {}
