package io.rescind.core.logout;

import io.rescind.core.client.ClientId;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.Optional;

/** A row of the back-channel logout outbox as an operator sees it: where it stands, and why it failed last. */
public record OutboxEntry(
        long id,
        ClientId clientId,
        String jti,
        Subject sub,
        Optional<SessionId> sid,
        State state,
        int attempts,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Instant createdAt,
        Instant updatedAt) {

    /** Where a notice stands. */
    public enum State {
        /** Not delivered yet; tried again at {@code nextAttemptAt}. */
        PENDING,
        DELIVERED,
        /** Given up: a permanent failure, or the last attempt failed. */
        FAILED;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<State> fromValue(String value) {
            return java.util.Arrays.stream(values())
                    .filter(s -> s.value().equals(value))
                    .findFirst();
        }
    }
}
