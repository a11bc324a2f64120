package io.rescind.core.grant;

import io.rescind.core.secret.Entropy;

/** Identifies a grant: the family of tokens one authorization produced. */
public record GrantId(String value) {
    public GrantId {
        if (value.isEmpty() || value.length() > 64 || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("malformed grant id");
        }
    }

    public static GrantId random() {
        return new GrantId(Entropy.identifier());
    }

    @Override
    public String toString() {
        return value;
    }
}
