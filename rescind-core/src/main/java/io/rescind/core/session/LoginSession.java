package io.rescind.core.session;

import io.rescind.core.user.Subject;
import java.time.Instant;

/** A browser's login session at this server: who logged in, when, and until when it may live at most. */
public record LoginSession(SessionId sid, Subject sub, Instant authTime, Instant lastSeenAt, Instant expiresAt) {}
