package io.rescind.server.config;

import io.rescind.core.secret.Argon2id;
import io.rescind.core.session.LoginThrottling;
import io.rescind.core.settings.AdminSettings;
import io.rescind.core.settings.BackChannelSettings;
import io.rescind.core.settings.RevocationSettings;
import io.rescind.core.settings.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds {@link ServerSettings} from the {@code settings:} section of the config file and the environment: every key
 * {@code name} of the file is also the variable {@code RESCIND_NAME}, and the variable wins. Durations are seconds;
 * lists are YAML lists in the file and comma-separated in the environment.
 */
public final class SettingsLoader {
    /** Every setting, by its file key. */
    public enum Key {
        DEFAULT_AUDIENCE,
        AUDIENCES,
        AUTHORIZATION_CODE_TTL,
        LOGIN_TRANSACTION_TTL,
        SESSION_IDLE_TIMEOUT,
        SESSION_MAX_LIFETIME,
        REFRESH_TOKEN_REUSE_GRACE,
        KEY_PREPUBLICATION,
        KEY_RETENTION,
        LOGIN_MAX_FAILURES_PER_USER,
        LOGIN_MAX_FAILURES_PER_ADDRESS,
        LOGIN_FAILURE_WINDOW,
        ARGON2_MEMORY_KIB,
        ARGON2_ITERATIONS,
        ARGON2_PARALLELISM,
        MAX_REQUEST_BYTES,
        OUTBOUND_ALLOWLIST,
        GLOBAL_TOKEN_REVOCATION_UNKNOWN_USER,
        REVOCATION_RATE_LIMIT,
        ACCESS_TOKEN_REVOCATION_RATE_LIMIT,
        REVOKE_ON_PASSWORD_CHANGE,
        REVOKE_ON_CLIENT_SECRET_ROTATION,
        REVOCATION_STALENESS_BOUND_MS,
        ACCESS_TOKEN_CACHE_ENTRIES,
        BACKCHANNEL_MAX_ATTEMPTS,
        BACKCHANNEL_TIMEOUT,
        ADMIN_HOST,
        ADMIN_PORT,
        ADMIN_CREDENTIAL_FILE;

        public String fileKey() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String environmentVariable() {
            return "RESCIND_" + name();
        }

        static Optional<Key> fromFileKey(String key) {
            return Arrays.stream(values()).filter(k -> k.fileKey().equals(key)).findFirst();
        }
    }

    private SettingsLoader() {}

    /**
     * @param fileSettings the {@code settings:} of the config file, as strings (lists joined by commas)
     * @param environment the process environment
     */
    public static ServerSettings load(URI issuer, Map<String, String> fileSettings, Map<String, String> environment) {
        var values = new LinkedHashMap<Key, String>();
        fileSettings.forEach((name, value) -> values.put(
                Key.fromFileKey(name).orElseThrow(() -> new ConfigException("unknown setting '" + name + "'")), value));
        for (Key key : Key.values()) {
            Optional.ofNullable(environment.get(key.environmentVariable())).ifPresent(v -> values.put(key, v));
        }
        ServerSettings d = ServerSettings.defaults(issuer);
        var r = new Reader(values);
        try {
            return new ServerSettings(
                    issuer,
                    r.get(Key.DEFAULT_AUDIENCE, Function.identity(), d.defaultAudience()),
                    r.get(Key.AUDIENCES, SettingsLoader::set, d.audiences()),
                    r.get(Key.AUTHORIZATION_CODE_TTL, SettingsLoader::seconds, d.authorizationCodeTtl()),
                    r.get(Key.LOGIN_TRANSACTION_TTL, SettingsLoader::seconds, d.loginTransactionTtl()),
                    r.get(Key.SESSION_IDLE_TIMEOUT, SettingsLoader::seconds, d.sessionIdleTimeout()),
                    r.get(Key.SESSION_MAX_LIFETIME, SettingsLoader::seconds, d.sessionMaxLifetime()),
                    r.get(Key.REFRESH_TOKEN_REUSE_GRACE, SettingsLoader::seconds, d.refreshTokenReuseGrace()),
                    r.get(Key.KEY_PREPUBLICATION, SettingsLoader::seconds, d.keyPrepublication()),
                    r.get(Key.KEY_RETENTION, SettingsLoader::seconds, d.keyRetention()),
                    new LoginThrottling(
                            r.get(
                                    Key.LOGIN_MAX_FAILURES_PER_USER,
                                    Integer::parseInt,
                                    d.loginThrottling().maxFailuresPerUser()),
                            r.get(
                                    Key.LOGIN_MAX_FAILURES_PER_ADDRESS,
                                    Integer::parseInt,
                                    d.loginThrottling().maxFailuresPerAddress()),
                            r.get(
                                    Key.LOGIN_FAILURE_WINDOW,
                                    SettingsLoader::seconds,
                                    d.loginThrottling().window())),
                    new Argon2id.Cost(
                            r.get(
                                    Key.ARGON2_MEMORY_KIB,
                                    Integer::parseInt,
                                    d.argon2Cost().memoryKib()),
                            r.get(
                                    Key.ARGON2_ITERATIONS,
                                    Integer::parseInt,
                                    d.argon2Cost().iterations()),
                            r.get(
                                    Key.ARGON2_PARALLELISM,
                                    Integer::parseInt,
                                    d.argon2Cost().parallelism())),
                    r.get(Key.MAX_REQUEST_BYTES, Long::parseLong, d.maxRequestBytes()),
                    r.get(Key.ACCESS_TOKEN_CACHE_ENTRIES, Integer::parseInt, d.accessTokenCacheEntries()),
                    r.get(Key.OUTBOUND_ALLOWLIST, SettingsLoader::set, d.outboundAllowlist()),
                    new RevocationSettings(
                            r.get(
                                    Key.GLOBAL_TOKEN_REVOCATION_UNKNOWN_USER,
                                    SettingsLoader::unknownUser,
                                    d.revocation().unknownUser()),
                            r.get(
                                    Key.REVOCATION_RATE_LIMIT,
                                    Integer::parseInt,
                                    d.revocation().callerRateLimit()),
                            r.get(
                                    Key.ACCESS_TOKEN_REVOCATION_RATE_LIMIT,
                                    Integer::parseInt,
                                    d.revocation().addressRateLimit()),
                            r.get(
                                    Key.REVOKE_ON_PASSWORD_CHANGE,
                                    SettingsLoader::cascade,
                                    d.revocation().onPasswordChange()),
                            r.get(
                                    Key.REVOKE_ON_CLIENT_SECRET_ROTATION,
                                    SettingsLoader::cascade,
                                    d.revocation().onClientSecretRotation()),
                            r.get(
                                    Key.REVOCATION_STALENESS_BOUND_MS,
                                    SettingsLoader::millis,
                                    d.revocation().stalenessBound())),
                    new BackChannelSettings(
                            r.get(
                                    Key.BACKCHANNEL_MAX_ATTEMPTS,
                                    Integer::parseInt,
                                    d.backChannel().maxAttempts()),
                            r.get(
                                    Key.BACKCHANNEL_TIMEOUT,
                                    SettingsLoader::seconds,
                                    d.backChannel().timeout())),
                    new AdminSettings(
                            r.get(Key.ADMIN_HOST, Function.identity(), d.admin().host()),
                            r.get(Key.ADMIN_PORT, Integer::parseInt, d.admin().port()),
                            r.get(
                                    Key.ADMIN_CREDENTIAL_FILE,
                                    value -> value.isEmpty() ? Optional.<Path>empty() : Optional.of(Path.of(value)),
                                    d.admin().credentialFile())));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid settings: " + e.getMessage(), e);
        }
    }

    private record Reader(Map<Key, String> values) {
        <T> T get(Key key, Function<String, T> parse, T fallback) {
            String raw = values.get(key);
            if (raw == null) {
                return fallback;
            }
            try {
                return parse.apply(raw.strip());
            } catch (RuntimeException e) {
                throw new ConfigException(
                        "invalid value for " + key.fileKey() + " (" + key.environmentVariable() + "): " + raw);
            }
        }
    }

    /** {@code 204} (Janssen, the default) or {@code 404} (the draft). */
    private static RevocationSettings.UnknownUser unknownUser(String value) {
        return switch (value) {
            case "204" -> RevocationSettings.UnknownUser.NO_CONTENT;
            case "404" -> RevocationSettings.UnknownUser.NOT_FOUND;
            default -> throw new IllegalArgumentException("204 or 404");
        };
    }

    private static RevocationSettings.Cascade cascade(String value) {
        return switch (value) {
            case "true" -> RevocationSettings.Cascade.REVOKE;
            case "false" -> RevocationSettings.Cascade.KEEP;
            default -> throw new IllegalArgumentException("true or false");
        };
    }

    private static Duration seconds(String value) {
        long seconds = Long.parseLong(value);
        if (seconds < 0) {
            throw new IllegalArgumentException("negative duration");
        }
        return Duration.ofSeconds(seconds);
    }

    private static Duration millis(String value) {
        return Duration.ofMillis(Long.parseLong(value));
    }

    private static Set<String> set(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
