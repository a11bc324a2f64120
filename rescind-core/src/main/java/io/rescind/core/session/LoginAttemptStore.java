package io.rescind.core.session;

import java.time.Instant;

/** Counts failed logins per key (a username, a client address), shared by every node. */
public interface LoginAttemptStore {
    int failuresSince(String key, Instant since);

    void recordFailure(String key, Instant at);

    /** Takes back one failure recorded at {@code at} (an attempt counted in advance that then succeeded). */
    void forget(String key, Instant at);

    void clear(String key);
}
