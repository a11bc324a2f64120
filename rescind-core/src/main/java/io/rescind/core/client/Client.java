package io.rescind.core.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.protocol.AdminScopes;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.SecretHash;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A registered client, with RFC 7591 metadata and its state. The constructor enforces the registration rules, so an
 * invalid client cannot exist in memory or in the store.
 */
public record Client(
        ClientId id,
        TokenEndpointAuthMethod authMethod,
        Optional<SecretHash> secretHash,
        Set<GrantType> grantTypes,
        Scope scope,
        List<URI> redirectUris,
        List<URI> postLogoutRedirectUris,
        Optional<URI> backchannelLogoutUri,
        Optional<JWKSet> jwks,
        Optional<URI> jwksUri,
        JWSAlgorithm idTokenSignedResponseAlg,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        ClientStatus status) {

    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(30);
    /** Signing keys stay published this long after retirement, so no access token may live longer. */
    public static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofHours(24);

    public static final Duration MAX_REFRESH_TOKEN_TTL = Duration.ofDays(365);
    public static final Set<JWSAlgorithm> ID_TOKEN_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    public Client {
        grantTypes = Set.copyOf(grantTypes.isEmpty() ? EnumSet.noneOf(GrantType.class) : EnumSet.copyOf(grantTypes));
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        if (authMethod == TokenEndpointAuthMethod.NONE && grantTypes.contains(GrantType.CLIENT_CREDENTIALS)) {
            throw invalid("a public client (token_endpoint_auth_method none) cannot use client_credentials");
        }
        if (authMethod == TokenEndpointAuthMethod.NONE && AdminScopes.any(scope)) {
            throw invalid("a public client cannot hold an admin scope (they act on other users)");
        }
        if (authMethod.usesSecret() != secretHash.isPresent()) {
            throw invalid(
                    authMethod.usesSecret()
                            ? "token_endpoint_auth_method " + authMethod.value() + " needs a client_secret"
                            : "token_endpoint_auth_method " + authMethod.value() + " takes no client_secret");
        }
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw invalid("jwks and jwks_uri must not both be present");
        }
        if (authMethod == TokenEndpointAuthMethod.PRIVATE_KEY_JWT && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw invalid("private_key_jwt needs jwks or jwks_uri");
        }
        if (jwks.isPresent() && jwks.get().getKeys().stream().anyMatch(k -> k.isPrivate())) {
            throw invalid("jwks must hold public keys only");
        }
        if (grantTypes.contains(GrantType.AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw OAuthError.INVALID_REDIRECT_URI.exception("authorization_code needs at least one redirect_uri");
        }
        backchannelLogoutUri.ifPresent(uri -> checkBackchannelLogoutUri(uri, authMethod));
        if (!ID_TOKEN_ALGORITHMS.contains(idTokenSignedResponseAlg)) {
            throw invalid("id_token_signed_response_alg must be RS256 or ES256");
        }
        checkTtl("access_token_ttl", accessTokenTtl, MAX_ACCESS_TOKEN_TTL);
        checkTtl("refresh_token_ttl", refreshTokenTtl, MAX_REFRESH_TOKEN_TTL);
    }

    /**
     * OIDC Back-Channel Logout 1.0 §2.2: an absolute URL without fragment; https, or http for a confidential client.
     * Whether the host may be reached is the outbound policy's call at each delivery (DESIGN §4).
     */
    private static void checkBackchannelLogoutUri(URI uri, TokenEndpointAuthMethod authMethod) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean web = scheme.equals("https") || scheme.equals("http") && authMethod != TokenEndpointAuthMethod.NONE;
        if (!uri.isAbsolute() || !web || uri.getHost() == null || uri.getRawFragment() != null) {
            throw invalid("backchannel_logout_uri must be an absolute https URL (http only for a confidential"
                    + " client) without fragment: " + uri);
        }
    }

    private static void checkTtl(String name, Duration ttl, Duration max) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(max) > 0) {
            throw invalid(name + " must be between 1 and " + max.toSeconds() + " seconds");
        }
    }

    private static RuntimeException invalid(String description) {
        return OAuthError.INVALID_CLIENT_METADATA.exception(description);
    }

    /** A client that authenticates with a secret or a key (RFC 6749 §2.1). */
    public boolean isConfidential() {
        return authMethod != TokenEndpointAuthMethod.NONE;
    }

    public boolean isActive() {
        return status == ClientStatus.ACTIVE;
    }

    public boolean allows(GrantType grantType) {
        return grantTypes.contains(grantType);
    }

    public Client withStatus(ClientStatus newStatus) {
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
                newStatus);
    }
}
