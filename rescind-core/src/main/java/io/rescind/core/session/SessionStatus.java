package io.rescind.core.session;

/** Whether a login session is still in force, as read in a transaction. */
public enum SessionStatus {
    LIVE,
    ENDED
}
