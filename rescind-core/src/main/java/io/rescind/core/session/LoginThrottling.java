package io.rescind.core.session;

import java.time.Duration;

/**
 * How repeated login failures are throttled: after {@code maxFailuresPerUser} failures for one username, or
 * {@code maxFailuresPerAddress} from one client address, within {@code window}, further attempts are refused
 * without checking the password until the window has passed.
 */
public record LoginThrottling(int maxFailuresPerUser, int maxFailuresPerAddress, Duration window) {
    public static final LoginThrottling DEFAULT = new LoginThrottling(5, 50, Duration.ofMinutes(15));

    public LoginThrottling {
        if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("invalid login throttling");
        }
    }
}
