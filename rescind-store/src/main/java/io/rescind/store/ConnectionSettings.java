package io.rescind.store;

import java.util.Optional;

/** Where the PostgreSQL database is and how to log in to it. */
public record ConnectionSettings(String jdbcUrl, String user, Optional<String> password) {
    public ConnectionSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
        }
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + jdbcUrl + ", " + user + "]";
    }
}
