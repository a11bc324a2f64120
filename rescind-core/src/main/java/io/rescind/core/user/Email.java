package io.rescind.core.user;

import java.util.Locale;

/** An email address; compared case-insensitively, so it is kept in lower case (DESIGN §1.1). */
public record Email(String value) {
    public Email {
        value = value.strip().toLowerCase(Locale.ROOT);
        int at = value.lastIndexOf('@');
        if (value.length() > 254
                || at < 1
                || at == value.length() - 1
                || value.chars().anyMatch(c -> c <= 0x20)) {
            throw new IllegalArgumentException("malformed email");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
