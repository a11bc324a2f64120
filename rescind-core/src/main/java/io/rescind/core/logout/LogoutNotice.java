package io.rescind.core.logout;

import io.rescind.core.client.ClientId;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import java.util.Optional;

/**
 * One attempt at delivering a back-channel logout notice, as claimed from the outbox: the notice's row, its
 * {@code jti} (the same at every attempt, so receivers can deduplicate), and which attempt this is (1 for the first).
 */
public record LogoutNotice(long id, ClientId clientId, String jti, Subject sub, Optional<SessionId> sid, int attempt) {}
