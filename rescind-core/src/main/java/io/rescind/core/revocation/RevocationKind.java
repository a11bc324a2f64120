package io.rescind.core.revocation;

import java.util.Arrays;
import java.util.Optional;

/** What one revocation-log entry records: the {@code kind} column, and what the audit filters by. */
public enum RevocationKind {
    ACCESS_TOKEN("access_token"),
    GRANT("grant"),
    SESSION("session"),
    SUBJECT_EPOCH("subject_epoch"),
    CLIENT_EPOCH("client_epoch"),
    SIGNING_KEY("signing_key");

    private final String value;

    RevocationKind(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<RevocationKind> fromValue(String value) {
        return Arrays.stream(values()).filter(k -> k.value.equals(value)).findFirst();
    }
}
