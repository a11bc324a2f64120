package io.rescind.bench.load;

import io.rescind.core.secret.Entropy;
import io.rescind.core.secret.GeneratedSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The clients and users a load run declares in the server's config file (README "Configuration"), with fresh
 * secrets. Client secrets have the generated format, so the server checks them with a peppered HMAC as it does
 * the secrets it generates itself (DESIGN §3), not with Argon2id; passwords are hashed with the server's default
 * Argon2id cost, and each user logs in once per session, outside any measured window.
 */
record BenchConfig(
        BenchClient service,
        BenchClient resourceServer,
        BenchClient web,
        BenchClient admin,
        BenchClient soak,
        List<BenchUser> users) {
    static final String REDIRECT_URI = "https://app.example.com/cb";
    /** Access tokens outlive set-up and run: the default of 5 minutes would not. */
    static final int ACCESS_TOKEN_TTL = 3600;
    /** The soak's access tokens: short, so their revocation entries expire and are pruned during the run. */
    static final int SOAK_ACCESS_TOKEN_TTL = 60;
    /**
     * The users whose logins make the pools of code grants, one a worker of the {@link Issuer}: the server throttles
     * more than a few logins of one user at a time (each attempt counts as a failure until it succeeds).
     */
    static final int POOL_USERS = Issuer.WORKERS;

    /** A client: its id and secret. */
    record BenchClient(String id, String secret) {
        String basic() {
            return Http.basic(id, secret);
        }
    }

    /** A user: login name and password. */
    record BenchUser(String uid, String password) {}

    /** The clients, the pool users and {@code extraUids} (the users of the global revocation). */
    static BenchConfig create(List<String> extraUids) {
        var users = new ArrayList<BenchUser>();
        for (int i = 0; i < POOL_USERS; i++) {
            users.add(newUser(poolUid(i)));
        }
        extraUids.forEach(uid -> users.add(newUser(uid)));
        return new BenchConfig(
                client("bench-service"),
                client("bench-rs"),
                client("bench-web"),
                client("bench-admin"),
                client("bench-soak"),
                List.copyOf(users));
    }

    static String poolUid(int worker) {
        return "bench-" + worker;
    }

    BenchUser user(String uid) {
        return users.stream()
                .filter(u -> u.uid().equals(uid))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no user " + uid));
    }

    /**
     * The config file. The revocation rate limits (60 a minute by default) are lifted: the load is one caller on
     * purpose. The web client's ID tokens (one with every code exchange and refresh, for {@code openid}) are ES256,
     * like the access tokens: RS256, the OIDC default, signs about six times slower (docs/benchmarks.md). Everything
     * else is the server's default.
     */
    String yaml() {
        String users = this.users.stream()
                .map(u -> """
                          - uid: %s
                            password: "%s"
                        """.formatted(u.uid(), u.password()))
                .collect(Collectors.joining());
        return """
                settings:
                  revocation_rate_limit: 1000000000
                  access_token_revocation_rate_limit: 1000000000
                clients:
                  - client_id: %s
                    client_secret: %s
                    grant_types: [client_credentials]
                    scope: api
                    access_token_ttl: %d
                  - client_id: %s
                    client_secret: %s
                    grant_types: [client_credentials]
                    scope: api
                  - client_id: %s
                    client_secret: %s
                    grant_types: [authorization_code, refresh_token]
                    scope: openid api offline_access
                    redirect_uris: [%s]
                    access_token_ttl: %d
                    id_token_signed_response_alg: ES256
                  - client_id: %s
                    client_secret: %s
                    grant_types: [client_credentials]
                    scope: global_token_revocation
                  - client_id: %s
                    client_secret: %s
                    grant_types: [client_credentials]
                    scope: api
                    access_token_ttl: %d
                users:
                """.formatted(
                                service.id(),
                                service.secret(),
                                ACCESS_TOKEN_TTL,
                                resourceServer.id(),
                                resourceServer.secret(),
                                web.id(),
                                web.secret(),
                                REDIRECT_URI,
                                ACCESS_TOKEN_TTL,
                                admin.id(),
                                admin.secret(),
                                soak.id(),
                                soak.secret(),
                                SOAK_ACCESS_TOKEN_TTL)
                + users;
    }

    private static BenchClient client(String id) {
        return new BenchClient(id, GeneratedSecret.newClientSecret());
    }

    private static BenchUser newUser(String uid) {
        return new BenchUser(uid, "pw-" + Entropy.base64url(18));
    }
}
