package io.rescind.core.revocation;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.user.Subject;
import java.time.Instant;

/**
 * What the in-memory state must learn from a committed revocation (DESIGN §2, §4): what became dead, and until when
 * the fact matters.
 */
public sealed interface RevocationEvent {
    /** One access token was revoked; it expires at {@code until}, after which the entry can go. */
    record AccessTokenRevoked(String jti, Instant until) implements RevocationEvent {}

    /** A grant was revoked; its access tokens all expire by {@code until}, after which the entry can go. */
    record GrantRevoked(GrantId grantId, Instant until) implements RevocationEvent {}

    /** A user's subject epoch is now {@code epoch}: every token minted under a lower one is dead. */
    record SubjectEpochAdvanced(Subject sub, long epoch) implements RevocationEvent {}

    /** A client's epoch is now {@code epoch}: every token minted for it under a lower one is dead. */
    record ClientEpochAdvanced(ClientId clientId, long epoch) implements RevocationEvent {}

    /** A signing key was revoked: every token it signed is dead. */
    record SigningKeyRevoked(String kid) implements RevocationEvent {}
}
