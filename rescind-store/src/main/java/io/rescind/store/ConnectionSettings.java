package io.rescind.store;

import java.util.Optional;

/** Where the PostgreSQL database is and how to log in to it. */
public record ConnectionSettings(String jdbcUrl, String user, Optional<String> password) {
    public ConnectionSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
        }
    }

    /** The URL without its query, which may carry a password: what logs and messages may show. */
    public String redactedUrl() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + redactedUrl() + ", " + user + "]";
    }
}
