package io.rescind.core.user;

/** A user's login name: changeable, unique, 1 to 128 characters without control characters or spaces at the ends. */
public record Uid(String value) {
    public Uid {
        if (value.isEmpty()
                || value.length() > 128
                || !value.equals(value.strip())
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("malformed uid");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
