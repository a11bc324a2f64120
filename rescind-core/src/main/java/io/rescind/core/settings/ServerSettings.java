package io.rescind.core.settings;

import io.rescind.core.secret.Argon2id;
import io.rescind.core.session.LoginThrottling;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Server-wide settings, as plain data. {@link #defaults(URI)} is the one documented place for default values
 * (README "Configuration"); the config file and the environment map to these fields one to one.
 *
 * @param issuer the {@code iss} of every token, and the base of every endpoint URL
 * @param defaultAudience the {@code aud} of access tokens requested without an RFC 8707 {@code resource}
 * @param audiences the {@code resource} values clients may ask for (the default audience is always allowed)
 * @param refreshTokenReuseGrace zero: a rotated refresh token presented again revokes the grant (strict); above
 *     zero: within that many seconds of the rotation, the previous token is refused with {@code invalid_grant} and
 *     the grant survives
 * @param outboundAllowlist hosts outbound calls may reach even at internal addresses or over http (development)
 */
public record ServerSettings(
        URI issuer,
        String defaultAudience,
        Set<String> audiences,
        Duration authorizationCodeTtl,
        Duration loginTransactionTtl,
        Duration sessionIdleTimeout,
        Duration sessionMaxLifetime,
        Duration refreshTokenReuseGrace,
        Duration keyPrepublication,
        Duration keyRetention,
        LoginThrottling loginThrottling,
        Argon2id.Cost argon2Cost,
        long maxRequestBytes,
        Set<String> outboundAllowlist) {

    public ServerSettings {
        var all = new LinkedHashSet<>(audiences);
        all.add(defaultAudience);
        audiences = Set.copyOf(all);
        outboundAllowlist = Set.copyOf(outboundAllowlist);
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max_request_bytes must be at least 1024");
        }
        if (!issuer.isAbsolute()
                || issuer.getRawQuery() != null
                || issuer.getRawFragment() != null
                || issuer.toString().endsWith("/")) {
            throw new IllegalArgumentException(
                    "issuer must be an absolute http(s) URL without query, fragment or trailing slash: " + issuer);
        }
        if (refreshTokenReuseGrace.isNegative()) {
            throw new IllegalArgumentException("refresh_token_reuse_grace must not be negative");
        }
        if (sessionIdleTimeout.compareTo(sessionMaxLifetime) > 0) {
            throw new IllegalArgumentException("session_idle_timeout must not exceed session_max_lifetime");
        }
    }

    public static ServerSettings defaults(URI issuer) {
        return new ServerSettings(
                issuer,
                issuer.toString(),
                Set.of(),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Duration.ofMinutes(30),
                Duration.ofHours(10),
                Duration.ZERO,
                Duration.ofHours(1),
                Duration.ofHours(25),
                LoginThrottling.DEFAULT,
                Argon2id.Cost.OWASP_MINIMUM,
                64 * 1024,
                Set.of());
    }

    /** Whether the issuer is https, which switches cookies to {@code Secure} and the {@code __Host-} prefix. */
    public boolean isHttps() {
        return "https".equalsIgnoreCase(issuer.getScheme());
    }

    public Endpoints endpoints() {
        return Endpoints.of(issuer);
    }
}
