package io.rescind.store;

/** What changed, announced to every process using the database (an admin command to the running servers). */
public enum ChangeTopic {
    CLIENTS,
    USERS,
    KEYS,
    FEATURES,
    /** A revocation committed: the revocation state is read again from the log and the epochs. */
    REVOCATIONS
}
