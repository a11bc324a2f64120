package io.rescind.core.revocation;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.Optional;

/** What a revocation is about: the left column of the cascade table (DESIGN §1.3). */
public sealed interface RevocationTarget {
    /** One access token, by its {@code jti} (the access-token revocation API). */
    record AccessToken(String jti, Instant expiresAt) implements RevocationTarget {}

    /** A whole grant (RFC 7009, refresh-token reuse, code replay); its access tokens expire by {@code until}. */
    record Grant(GrantId grantId, Instant until) implements RevocationTarget {}

    /** A user's login sessions: all of them, or {@code only} one (RP-initiated logout). */
    record Sessions(Subject sub, Optional<SessionId> only) implements RevocationTarget {}

    /** A whole user (global token revocation; a user disabled, deleted, or changing password). */
    record User(Subject sub) implements RevocationTarget {}

    /** A whole client (admin; a client disabled, deleted, or rotating its secret). */
    record Client(ClientId clientId) implements RevocationTarget {}

    /** A signing key, compromised: every token it signed. */
    record SigningKey(String kid) implements RevocationTarget {}
}
