package io.rescind.core.revocation;

import io.rescind.core.protocol.ListLimit;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Printable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which revocation-log entries the audit shows: at most {@code limit}, newest first, optionally only those made at or
 * after {@code since}, of one kind, about one target.
 */
public record AuditQuery(Optional<Instant> since, int limit, Optional<RevocationKind> kind, Optional<String> target) {
    public static final int DEFAULT_LIMIT = ListLimit.DEFAULT;
    public static final int MAX_LIMIT = ListLimit.MAX;

    public AuditQuery {
        ListLimit.check(limit);
        if (target.isPresent() && (target.get().isEmpty() || target.get().length() > 512)) {
            throw OAuthError.INVALID_REQUEST.exception("target must be 1 to 512 characters");
        }
    }

    public static AuditQuery latest(int limit) {
        return new AuditQuery(Optional.empty(), limit, Optional.empty(), Optional.empty());
    }

    /**
     * Reads the query from its textual parameters (CLI options, admin API query): {@code since} is ISO-8601 with an
     * offset ({@code 2025-01-31T12:00:00Z}), {@code kind} a {@link RevocationKind} value. Throws
     * {@code invalid_request} for anything else.
     */
    public static AuditQuery parse(
            Optional<String> since, Optional<String> limit, Optional<String> kind, Optional<String> target) {
        return new AuditQuery(
                since.map(AuditQuery::instant),
                ListLimit.parse(limit),
                kind.map(k -> RevocationKind.fromValue(k)
                        .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("unknown kind '" + Printable.of(k)
                                + "' (access_token, grant, session, subject_epoch," + " client_epoch, signing_key)"))),
                target);
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw OAuthError.INVALID_REQUEST.exception(
                    "since must be an ISO-8601 date and time with an offset, like 2025-01-31T12:00:00Z");
        }
    }
}
