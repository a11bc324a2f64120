package io.rescind.core.grant;

import java.time.Instant;
import java.util.Optional;

/**
 * A grant that still yields valid tokens, as the admin API lists it: no token material, only what it is and until
 * when its tokens live.
 *
 * @param accessExpiresAt when the last access token minted under it expires
 * @param refreshExpiresAt when its current refresh token expires, if it has one
 */
public record LiveGrant(Grant grant, Instant createdAt, Instant accessExpiresAt, Optional<Instant> refreshExpiresAt) {}
