package io.rescind.core.user;

/** Whether a user may log in. */
public enum UserStatus {
    ACTIVE,
    DISABLED
}
