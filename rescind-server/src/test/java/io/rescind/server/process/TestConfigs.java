package io.rescind.server.process;

/** Config files the process tests share. */
final class TestConfigs {
    private TestConfigs() {}

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
}
