package io.rescind.core.session;

import io.rescind.core.secret.Entropy;

/**
 * The public identifier of a login session: the {@code sid} claim. It is not the cookie, which is a separate secret.
 */
public record SessionId(String value) {
    public SessionId {
        if (value.isEmpty() || value.length() > 64 || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("malformed session id");
        }
    }

    public static SessionId random() {
        return new SessionId(Entropy.identifier());
    }

    @Override
    public String toString() {
        return value;
    }
}
