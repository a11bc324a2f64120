package io.rescind.core.session;

import io.rescind.core.secret.SecretHashing;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a username and password at the login form. An unknown user costs the same password-hash work as a known
 * one, and repeated failures per username and per client address are throttled.
 */
public final class PasswordLogin {
    private static final int MAX_PASSWORD_LENGTH = 1024;
    private static final int MAX_USERNAME_LENGTH = 128;
    private final UserStore users;
    private final SecretHashing hashing;
    private final LoginAttemptStore attempts;
    private final LoginThrottling throttling;
    private final Clock clock;

    public PasswordLogin(
            UserStore users,
            SecretHashing hashing,
            LoginAttemptStore attempts,
            LoginThrottling throttling,
            Clock clock) {
        this.users = users;
        this.hashing = hashing;
        this.attempts = attempts;
        this.throttling = throttling;
        this.clock = clock;
    }

    public LoginOutcome attempt(String username, String password, String clientAddress) {
        Instant now = clock.instant();
        Instant since = now.minus(throttling.window());
        String name = username.strip();
        String userKey = "user:"
                + name.substring(0, Math.min(name.length(), MAX_USERNAME_LENGTH))
                        .toLowerCase(Locale.ROOT);
        String addressKey = "addr:" + clientAddress;
        // Every attempt counts as a failure before the password is checked, so parallel guesses cannot all see a count
        // under the limit; a success takes its count back.
        attempts.recordFailure(addressKey, now);
        attempts.recordFailure(userKey, now);
        if (attempts.failuresSince(userKey, since) > throttling.maxFailuresPerUser()
                || attempts.failuresSince(addressKey, since) > throttling.maxFailuresPerAddress()) {
            return new LoginOutcome.Throttled();
        }
        Optional<User> user = find(name);
        boolean verified;
        if (user.isPresent() && password.length() <= MAX_PASSWORD_LENGTH) {
            verified = hashing.verify(password, user.get().passwordHash());
        } else {
            hashing.verifyNothing(password.substring(0, Math.min(password.length(), MAX_PASSWORD_LENGTH)));
            verified = false;
        }
        if (!verified || !user.get().isActive()) {
            return new LoginOutcome.Failure();
        }
        attempts.clear(userKey);
        attempts.forget(addressKey, now);
        return new LoginOutcome.Success(upgraded(user.get(), password));
    }

    /** Re-hashes a password made with another Argon2id cost, now that it is known to be right. */
    private User upgraded(User user, String password) {
        if (!hashing.needsRehash(user.passwordHash())) {
            return user;
        }
        User rehashed = user.withPasswordHash(hashing.hashPassword(password));
        users.save(rehashed);
        return rehashed;
    }

    private Optional<User> find(String username) {
        try {
            return users.findByUid(new Uid(username));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
