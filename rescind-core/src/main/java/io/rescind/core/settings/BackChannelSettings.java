package io.rescind.core.settings;

import java.time.Duration;

/**
 * Settings of OpenID Connect Back-Channel Logout delivery (DESIGN §4).
 *
 * @param maxAttempts how many times one logout notice is sent before it is marked failed
 * @param timeout the deadline of one delivery attempt, from connecting to the receiver's answer
 */
public record BackChannelSettings(int maxAttempts, Duration timeout) {
    public static final BackChannelSettings DEFAULTS = new BackChannelSettings(6, Duration.ofSeconds(5));

    public BackChannelSettings {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("backchannel_max_attempts must be between 1 and 20");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("backchannel_timeout must be between 1 and 60 seconds");
        }
    }
}
