package io.rescind.core.feature;

import java.util.Arrays;
import java.util.Optional;

/**
 * Endpoints that can be switched off at run time (DESIGN §1.4). A disabled endpoint stays routed, authenticates its
 * caller, then answers 403 {@code access_denied}; discovery stops advertising it.
 */
public enum Feature {
    INTROSPECTION(State.ENABLED),
    REVOKE_TOKEN(State.ENABLED),
    REVOKE_ACCESS_TOKEN(State.ENABLED),
    REVOKE_SESSION(State.ENABLED),
    GLOBAL_TOKEN_REVOCATION(State.ENABLED),
    END_SESSION(State.ENABLED);

    /** Whether a feature is on. */
    public enum State {
        ENABLED,
        DISABLED
    }

    private final State byDefault;

    Feature(State byDefault) {
        this.byDefault = byDefault;
    }

    public State byDefault() {
        return byDefault;
    }

    public static Optional<Feature> fromName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
