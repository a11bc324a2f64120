package io.rescind.core.protocol;

import java.util.Optional;

/** How many entries an operator's listing (the audit, the back-channel outbox) answers: 1 to 1000, 100 by default. */
public final class ListLimit {
    public static final int DEFAULT = 100;
    public static final int MAX = 1000;

    private ListLimit() {}

    /** Throws {@code invalid_request} for a limit out of range. */
    public static int check(int limit) {
        if (limit < 1 || limit > MAX) {
            throw OAuthError.INVALID_REQUEST.exception("limit must be between 1 and " + MAX);
        }
        return limit;
    }

    /** The limit a caller asked for as text (CLI option, query parameter), or the default. */
    public static int parse(Optional<String> value) {
        if (value.isEmpty()) {
            return DEFAULT;
        }
        try {
            return check(Integer.parseInt(value.get()));
        } catch (NumberFormatException e) {
            throw OAuthError.INVALID_REQUEST.exception("limit must be a number");
        }
    }
}
