package io.rescind.core.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.SecretHash;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds a {@link Client}, starting from defaults or from an existing client; {@link #build()} validates. */
public final class ClientBuilder {
    private final ClientId id;
    private TokenEndpointAuthMethod authMethod = TokenEndpointAuthMethod.CLIENT_SECRET_BASIC;
    private Optional<SecretHash> secretHash = Optional.empty();
    private Set<GrantType> grantTypes = EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    private Scope scope = Scope.of("openid", "profile", "email", "offline_access");
    private List<URI> redirectUris = List.of();
    private List<URI> postLogoutRedirectUris = List.of();
    private Optional<URI> backchannelLogoutUri = Optional.empty();
    private Optional<JWKSet> jwks = Optional.empty();
    private Optional<URI> jwksUri = Optional.empty();
    private JWSAlgorithm idTokenSignedResponseAlg = JWSAlgorithm.RS256;
    private Duration accessTokenTtl = Client.DEFAULT_ACCESS_TOKEN_TTL;
    private Duration refreshTokenTtl = Client.DEFAULT_REFRESH_TOKEN_TTL;
    private ClientStatus status = ClientStatus.ACTIVE;

    public ClientBuilder(ClientId id) {
        this.id = id;
    }

    public static ClientBuilder from(Client client) {
        return new ClientBuilder(client.id())
                .authMethod(client.authMethod())
                .secretHash(client.secretHash())
                .grantTypes(client.grantTypes())
                .scope(client.scope())
                .redirectUris(client.redirectUris())
                .postLogoutRedirectUris(client.postLogoutRedirectUris())
                .backchannelLogoutUri(client.backchannelLogoutUri())
                .jwks(client.jwks())
                .jwksUri(client.jwksUri())
                .idTokenSignedResponseAlg(client.idTokenSignedResponseAlg())
                .accessTokenTtl(client.accessTokenTtl())
                .refreshTokenTtl(client.refreshTokenTtl())
                .status(client.status());
    }

    public ClientBuilder authMethod(TokenEndpointAuthMethod value) {
        authMethod = value;
        return this;
    }

    public TokenEndpointAuthMethod authMethod() {
        return authMethod;
    }

    public Optional<SecretHash> secretHash() {
        return secretHash;
    }

    public ClientBuilder secretHash(Optional<SecretHash> value) {
        secretHash = value;
        return this;
    }

    public ClientBuilder grantTypes(Set<GrantType> value) {
        grantTypes = value.isEmpty() ? EnumSet.noneOf(GrantType.class) : EnumSet.copyOf(value);
        return this;
    }

    public ClientBuilder scope(Scope value) {
        scope = value;
        return this;
    }

    public ClientBuilder redirectUris(List<URI> value) {
        redirectUris = value;
        return this;
    }

    public ClientBuilder postLogoutRedirectUris(List<URI> value) {
        postLogoutRedirectUris = value;
        return this;
    }

    public ClientBuilder backchannelLogoutUri(Optional<URI> value) {
        backchannelLogoutUri = value;
        return this;
    }

    public ClientBuilder jwks(Optional<JWKSet> value) {
        jwks = value;
        return this;
    }

    public ClientBuilder jwksUri(Optional<URI> value) {
        jwksUri = value;
        return this;
    }

    public ClientBuilder idTokenSignedResponseAlg(JWSAlgorithm value) {
        idTokenSignedResponseAlg = value;
        return this;
    }

    public ClientBuilder accessTokenTtl(Duration value) {
        accessTokenTtl = value;
        return this;
    }

    public ClientBuilder refreshTokenTtl(Duration value) {
        refreshTokenTtl = value;
        return this;
    }

    public ClientBuilder status(ClientStatus value) {
        status = value;
        return this;
    }

    public Client build() {
        return new Client(
                id,
                authMethod,
                secretHash,
                grantTypes,
                scope,
                redirectUris,
                postLogoutRedirectUris,
                backchannelLogoutUri,
                jwks,
                jwksUri,
                idTokenSignedResponseAlg,
                accessTokenTtl,
                refreshTokenTtl,
                status);
    }
}
