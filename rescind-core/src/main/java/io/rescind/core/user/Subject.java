package io.rescind.core.user;

import io.rescind.core.secret.Entropy;

/**
 * A user's immutable random subject identifier: the {@code sub} of every token and the key of every epoch.
 * Base64url only, so it can never equal the {@code client:} subject of a client_credentials token.
 */
public record Subject(String value) {
    public Subject {
        if (value.isEmpty() || value.length() > 64 || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("malformed subject");
        }
    }

    public static Subject random() {
        return new Subject(Entropy.identifier());
    }

    @Override
    public String toString() {
        return value;
    }
}
