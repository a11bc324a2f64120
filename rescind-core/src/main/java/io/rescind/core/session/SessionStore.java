package io.rescind.core.session;

import io.rescind.core.user.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where login sessions live (implemented by the PostgreSQL store). Cookies are stored only as SHA-256 hashes. */
public interface SessionStore {
    void create(LoginSession session, byte[] cookieHash);

    /**
     * The session of this cookie if it is live at {@code now}: not ended, within its absolute lifetime, seen within
     * {@code idleTimeout}, and its user active. Finding it counts as activity.
     */
    Optional<LoginSession> findLive(byte[] cookieHash, Instant now, Duration idleTimeout);

    /**
     * Gives a session that has not ended a new cookie, {@code auth_time}, last activity and absolute expiry (a login
     * of its user again); answers false when it has ended. Ending sessions is the cascade's work, never this store's.
     */
    boolean renew(LoginSession session, byte[] cookieHash);

    /** The user's sessions live at {@code now} (by the rules of {@link #findLive}), newest first, at most {@code limit}. */
    List<LoginSession> live(Subject sub, Instant now, Duration idleTimeout, int limit);
}
