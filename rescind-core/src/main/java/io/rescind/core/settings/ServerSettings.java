package io.rescind.core.settings;

import io.rescind.core.client.Client;
import io.rescind.core.secret.Argon2id;
import io.rescind.core.session.LoginThrottling;
import io.rescind.core.token.VerifiedAccessTokens;
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
 * @param accessTokenCacheEntries how many verified access tokens a node remembers, so one presented again skips its
 *     signature check (the revocation state is asked every time); 0 verifies each time
 * @param outboundAllowlist hosts outbound calls may reach even at internal addresses or over http (development)
 * @param backChannel how back-channel logout notices are delivered
 * @param admin the admin API's listener and credential
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
        int accessTokenCacheEntries,
        Set<String> outboundAllowlist,
        RevocationSettings revocation,
        BackChannelSettings backChannel,
        AdminSettings admin) {

    public ServerSettings {
        var all = new LinkedHashSet<>(audiences);
        all.add(defaultAudience);
        audiences = Set.copyOf(all);
        outboundAllowlist = Set.copyOf(outboundAllowlist);
        String scheme = issuer.getScheme() == null ? "" : issuer.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!issuer.isAbsolute()
                || !(scheme.equals("http") || scheme.equals("https"))
                || issuer.getHost() == null
                || !(issuer.getRawPath() == null || issuer.getRawPath().isEmpty())
                || issuer.getRawQuery() != null
                || issuer.getRawFragment() != null
                || issuer.getRawUserInfo() != null) {
            // Every endpoint is mounted at the root, so an issuer with a path would name URLs nothing answers.
            throw new IllegalArgumentException(
                    "issuer must be an http(s) URL with a host and no path, query or fragment: " + issuer);
        }
        between("authorization_code_ttl", authorizationCodeTtl, Duration.ofSeconds(1), Duration.ofMinutes(10));
        between("login_transaction_ttl", loginTransactionTtl, Duration.ofSeconds(10), Duration.ofDays(1));
        between("session_idle_timeout", sessionIdleTimeout, Duration.ofSeconds(10), Duration.ofDays(365));
        between("session_max_lifetime", sessionMaxLifetime, Duration.ofSeconds(10), Duration.ofDays(365));
        between("refresh_token_reuse_grace", refreshTokenReuseGrace, Duration.ZERO, Duration.ofMinutes(10));
        between("key_prepublication", keyPrepublication, Duration.ZERO, Duration.ofDays(30));
        // Tokens are verified only by published keys, so a retired key must outlive the longest access token.
        between("key_retention", keyRetention, Client.MAX_ACCESS_TOKEN_TTL, Duration.ofDays(30));
        between("login_failure_window", loginThrottling.window(), Duration.ofSeconds(1), Duration.ofDays(1));
        if (sessionIdleTimeout.compareTo(sessionMaxLifetime) > 0) {
            throw new IllegalArgumentException("session_idle_timeout must not exceed session_max_lifetime");
        }
        if (accessTokenCacheEntries < 0 || accessTokenCacheEntries > MAX_ACCESS_TOKEN_CACHE_ENTRIES) {
            throw new IllegalArgumentException(
                    "access_token_cache_entries must be between 0 and " + MAX_ACCESS_TOKEN_CACHE_ENTRIES);
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max_request_bytes must be between 1024 and 16 MiB");
        }
    }

    /** About 1 KB an entry: a million is a gigabyte. */
    static final int MAX_ACCESS_TOKEN_CACHE_ENTRIES = 1_000_000;

    private static void between(String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + " must be between " + min.toSeconds() + " and " + max.toSeconds() + " seconds");
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
                VerifiedAccessTokens.DEFAULT_ENTRIES,
                Set.of(),
                RevocationSettings.DEFAULTS,
                BackChannelSettings.DEFAULTS,
                AdminSettings.DEFAULTS);
    }

    public Endpoints endpoints() {
        return Endpoints.of(issuer);
    }
}
