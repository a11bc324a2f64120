package io.rescind.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.postgresql.PGProperty;

/**
 * Where the PostgreSQL database is, how to log in to it and whether over TLS. Every connection Rescind opens (the pool,
 * the migrations, the LISTEN connection) takes its driver properties from {@link #driverProperties}.
 */
public record ConnectionSettings(String jdbcUrl, String user, Optional<String> password, Optional<Tls> tls) {
    /** A host that does not answer fails the attempt after this, instead of holding it for the OS's minutes. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How long a statement may wait for PostgreSQL's answer: a database that died mid-request fails it after this
     * instead of hanging it. Far above what any statement of a request takes; migrations, which may build an index over
     * a large table, run without it.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /** URL parameters that would override {@link #tls} (pgjdbc lets the URL win over properties). */
    private static final Set<String> TLS_URL_PARAMETERS =
            Set.of("ssl", "sslmode", "sslrootcert", "sslfactory", "sslhostnameverifier");

    public ConnectionSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
        }
        if (tls.isPresent()) {
            urlParameter(jdbcUrl, TLS_URL_PARAMETERS).ifPresent(name -> {
                throw new IllegalArgumentException(
                        "the database URL sets " + name + ": give TLS settings in the URL or separately, not both");
            });
        }
    }

    /** The driver's TLS default (pgjdbc: {@code prefer}), or what the URL says. */
    public ConnectionSettings(String jdbcUrl, String user, Optional<String> password) {
        this(jdbcUrl, user, password, Optional.empty());
    }

    public ConnectionSettings withTls(Tls tls) {
        return new ConnectionSettings(jdbcUrl, user, password, Optional.of(tls));
    }

    /**
     * The pgjdbc properties of a connection that PostgreSQL shows as {@code applicationName}: the credentials, TLS,
     * the timeouts, TCP keep-alive.
     */
    public Properties driverProperties(String applicationName) {
        var properties = new Properties();
        PGProperty.USER.set(properties, user);
        password.ifPresent(p -> PGProperty.PASSWORD.set(properties, p));
        PGProperty.APPLICATION_NAME.set(properties, applicationName);
        PGProperty.TCP_KEEP_ALIVE.set(properties, true);
        PGProperty.CONNECT_TIMEOUT.set(properties, (int) CONNECT_TIMEOUT.toSeconds());
        PGProperty.SOCKET_TIMEOUT.set(properties, (int) SOCKET_TIMEOUT.toSeconds());
        tls.ifPresent(t -> t.addTo(properties));
        return properties;
    }

    private static Optional<String> urlParameter(String url, Set<String> names) {
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        return Arrays.stream(url.substring(query + 1).split("&"))
                .map(parameter -> parameter.split("=", 2)[0].toLowerCase(Locale.ROOT))
                .filter(names::contains)
                .findFirst();
    }

    /** The URL without its query, which may carry a password: what logs and messages may show. */
    public String redactedUrl() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + redactedUrl() + ", " + user + ", "
                + tls.map(t -> "sslmode " + t.mode().value()).orElse("sslmode from the URL or pgjdbc's default")
                + "]";
    }
}
