package io.rescind.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether and how the connection to PostgreSQL uses TLS: pgjdbc's {@code sslmode} values
 * (https://jdbc.postgresql.org/documentation/ssl/).
 */
public enum SslMode {
    DISABLE,
    ALLOW,
    PREFER,
    REQUIRE,
    VERIFY_CA,
    VERIFY_FULL;

    /** Reads the value as pgjdbc spells it, e.g. {@code verify-full}. */
    public static SslMode parse(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown SSL mode '" + value + "' (one of "
                        + Arrays.stream(values()).map(SslMode::value).collect(Collectors.joining(", ")) + ")"));
    }

    /** The value as pgjdbc spells it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the server's certificate is checked against a root certificate; below verify-ca, anyone can pose. */
    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }
}
