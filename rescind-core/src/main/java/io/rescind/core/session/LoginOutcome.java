package io.rescind.core.session;

import io.rescind.core.user.User;

/** The result of a login attempt; a wrong password is an outcome, not an exception. */
public sealed interface LoginOutcome {
    record Success(User user) implements LoginOutcome {}

    /** Unknown user, wrong password or disabled user: the same answer for all three. */
    record Failure() implements LoginOutcome {}

    /** Too many recent failures: the password was not checked. */
    record Throttled() implements LoginOutcome {}
}
