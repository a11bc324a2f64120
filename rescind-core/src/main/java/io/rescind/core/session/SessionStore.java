package io.rescind.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Where login sessions live (implemented by the PostgreSQL store). Cookies are stored only as SHA-256 hashes. */
public interface SessionStore {
    void create(LoginSession session, byte[] cookieHash);

    /**
     * The session of this cookie if it is live at {@code now}: not ended, within its absolute lifetime, seen within
     * {@code idleTimeout}, and its user active. Finding it counts as activity.
     */
    Optional<LoginSession> findLive(byte[] cookieHash, Instant now, Duration idleTimeout);

    /** Ends the session; answers whether it had not been ended before (it may have expired meanwhile). */
    boolean end(SessionId sid, Instant now, String reason);
}
