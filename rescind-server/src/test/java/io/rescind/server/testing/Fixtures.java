package io.rescind.server.testing;

import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RedirectUris;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.protocol.Scope;
import java.util.EnumSet;
import java.util.List;

/** Client builders for tests: each test changes only what it cares about. */
public final class Fixtures {
    public static final String REDIRECT_URI = "https://app.example.com/callback";

    private Fixtures() {}

    /** A confidential web client: code, refresh and client_credentials, OIDC scopes plus {@code api}. */
    public static ClientBuilder webClient(String id) {
        return new ClientBuilder(new ClientId(id))
                .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)
                .grantTypes(
                        EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS))
                .scope(Scope.of("openid", "profile", "email", "phone", "offline_access", "api"))
                .redirectUris(List.of(RedirectUris.parseRegistered(REDIRECT_URI)));
    }

    /** A public browser client (PKCE required), with a loopback redirect for native-app style tests. */
    public static ClientBuilder publicClient(String id) {
        return new ClientBuilder(new ClientId(id))
                .authMethod(TokenEndpointAuthMethod.NONE)
                .grantTypes(EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN))
                .scope(Scope.of("openid", "profile", "offline_access"))
                .redirectUris(List.of(RedirectUris.parseRegistered("http://127.0.0.1:9999/callback")));
    }
}
