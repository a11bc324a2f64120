package io.rescind.core.grant;

import java.time.Instant;

/** A refresh token about to be stored: its SHA-256 and its expiry. */
public record NewRefreshToken(byte[] hash, Instant expiresAt) {}
