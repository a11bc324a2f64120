package io.rescind.server.process;

import io.rescind.server.testing.Http;
import java.util.Map;

/** Config files the process tests share, and the clients they declare. */
final class TestConfigs {
    private TestConfigs() {}

    /** The redirect URI of every client of these configs. */
    static final String REDIRECT_URI = "https://app.example.com/cb";

    /**
     * The start of a config: {@code web} (code flow, refresh, client_credentials; secret {@code secret-of-web}) and
     * {@code admin} (both admin scopes; secret {@code secret-of-admin}). More clients may follow in the list.
     */
    static final String WEB_AND_ADMIN_CLIENTS = """
            clients:
              - client_id: web
                client_secret: secret-of-web
                grant_types: [authorization_code, refresh_token, client_credentials]
                scope: openid offline_access api
                redirect_uris: [https://app.example.com/cb]
              - client_id: admin
                client_secret: secret-of-admin
                grant_types: [client_credentials]
                scope: global_token_revocation revoke_session
            """;

    /**
     * A client entry (to follow {@link #WEB_AND_ADMIN_CLIENTS}) for {@code revocable}: revoked whole by tests, so its
     * revocation kills only its own logins.
     */
    static final String REVOCABLE_CLIENT = """
              - client_id: revocable
                client_secret: secret-of-revocable
                grant_types: [authorization_code, refresh_token]
                scope: openid offline_access
                redirect_uris: [https://app.example.com/cb]
            """;

    /** {@code web} of {@link #WEB_AND_ADMIN_CLIENTS}. */
    static final DemoCredentials WEB = client("web");

    /** The {@code Authorization} header of {@code admin} of {@link #WEB_AND_ADMIN_CLIENTS}. */
    static final String ADMIN = Http.basic("admin", "secret-of-admin");

    /** The revocation rate limits out of the way, for tests that revoke hundreds of times on purpose. */
    static final Map<String, String> NO_RATE_LIMITS =
            Map.of("RESCIND_REVOCATION_RATE_LIMIT", "1000000", "RESCIND_ACCESS_TOKEN_REVOCATION_RATE_LIMIT", "1000000");

    /** A client of these configs: {@code id}, its secret {@code secret-of-<id>}, {@link #REDIRECT_URI}. */
    static DemoCredentials client(String id) {
        return new DemoCredentials(
                Map.of("client_id", id, "client_secret", "secret-of-" + id, "redirect_uri", REDIRECT_URI));
    }
}
