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
        String userKey = "user:" + username.strip().toLowerCase(Locale.ROOT);
        String addressKey = "addr:" + clientAddress;
        if (attempts.failuresSince(userKey, since) >= throttling.maxFailuresPerUser()
                || attempts.failuresSince(addressKey, since) >= throttling.maxFailuresPerAddress()) {
            return new LoginOutcome.Throttled();
        }
        Optional<User> user = find(username);
        boolean verified;
        if (user.isPresent() && password.length() <= MAX_PASSWORD_LENGTH) {
            verified = hashing.verify(password, user.get().passwordHash());
        } else {
            hashing.verifyNothing(password.substring(0, Math.min(password.length(), MAX_PASSWORD_LENGTH)));
            verified = false;
        }
        if (verified && user.get().isActive()) {
            attempts.clear(userKey);
            return new LoginOutcome.Success(user.get());
        }
        attempts.recordFailure(userKey, now);
        attempts.recordFailure(addressKey, now);
        return new LoginOutcome.Failure();
    }

    private Optional<User> find(String username) {
        try {
            return users.findByUid(new Uid(username.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
