package io.rescind.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RedirectUris;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.SecretHashing;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies client metadata, named as in RFC 7591, to a client: the one mapping from field names to a {@link Client},
 * used by the config file and by {@code rescind client add}. Only the fields present are changed.
 */
public final class ClientMetadata {
    static final Set<String> FIELDS = Set.of(
            "client_id",
            "client_secret",
            "client_secret_file",
            "token_endpoint_auth_method",
            "grant_types",
            "scope",
            "redirect_uris",
            "post_logout_redirect_uris",
            "backchannel_logout_uri",
            "jwks",
            "jwks_uri",
            "id_token_signed_response_alg",
            "access_token_ttl",
            "refresh_token_ttl",
            "disabled");

    private ClientMetadata() {}

    /**
     * The client after applying {@code fields} to {@code existing} (or to a new client's defaults).
     *
     * @param baseDir where relative {@code *_file} paths start
     */
    public static Client apply(Optional<Client> existing, ObjectNode fields, SecretHashing hashing, Path baseDir) {
        String id = SecretSource.text(fields, "client_id", "client");
        String where = "client '" + id + "'";
        fields.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new ConfigException(where + ": unknown field '" + name + "'");
            }
        });
        try {
            ClientBuilder b = existing.map(ClientBuilder::from).orElseGet(() -> new ClientBuilder(new ClientId(id)));
            if (fields.has("token_endpoint_auth_method")) {
                String method = SecretSource.text(fields, "token_endpoint_auth_method", where);
                b.authMethod(TokenEndpointAuthMethod.fromValue(method)
                        .orElseThrow(
                                () -> new ConfigException(where + ": unknown token_endpoint_auth_method " + method)));
            }
            Optional<String> secret = SecretSource.read(fields, "client_secret", baseDir, where);
            if (!b.authMethod().usesSecret()) {
                if (secret.isPresent()) {
                    throw new ConfigException(where + ": " + b.authMethod().value() + " takes no client_secret");
                }
                b.secretHash(Optional.empty());
            } else if (secret.isPresent()) {
                boolean unchanged =
                        b.secretHash().map(h -> hashing.verify(secret.get(), h)).orElse(false);
                if (!unchanged) {
                    b.secretHash(Optional.of(hashing.hashClientSecret(secret.get())));
                }
            }
            if (fields.has("grant_types")) {
                var grants = EnumSet.noneOf(GrantType.class);
                for (String g : strings(fields, "grant_types", where)) {
                    grants.add(GrantType.fromValue(g)
                            .orElseThrow(() -> new ConfigException(where + ": unknown grant type " + g)));
                }
                b.grantTypes(grants);
            }
            if (fields.has("scope")) {
                b.scope(Scope.parse(fields.get("scope").asText()));
            }
            if (fields.has("redirect_uris")) {
                b.redirectUris(strings(fields, "redirect_uris", where).stream()
                        .map(RedirectUris::parseRegistered)
                        .toList());
            }
            if (fields.has("post_logout_redirect_uris")) {
                b.postLogoutRedirectUris(strings(fields, "post_logout_redirect_uris", where).stream()
                        .map(RedirectUris::parseRegistered)
                        .toList());
            }
            if (fields.has("backchannel_logout_uri")) {
                b.backchannelLogoutUri(optionalUri(fields, "backchannel_logout_uri"));
            }
            if (fields.has("jwks")) {
                b.jwks(jwks(fields.get("jwks"), where));
            }
            if (fields.has("jwks_uri")) {
                b.jwksUri(optionalUri(fields, "jwks_uri"));
            }
            if (fields.has("id_token_signed_response_alg")) {
                b.idTokenSignedResponseAlg(
                        JWSAlgorithm.parse(SecretSource.text(fields, "id_token_signed_response_alg", where)));
            }
            if (fields.has("access_token_ttl")) {
                b.accessTokenTtl(seconds(fields, "access_token_ttl", where));
            }
            if (fields.has("refresh_token_ttl")) {
                b.refreshTokenTtl(seconds(fields, "refresh_token_ttl", where));
            }
            if (fields.has("disabled")) {
                b.status(fields.get("disabled").asBoolean() ? ClientStatus.DISABLED : ClientStatus.ACTIVE);
            }
            if (existing.isEmpty() && b.authMethod().usesSecret() && secret.isEmpty()) {
                throw new ConfigException(where + ": a new client with "
                        + b.authMethod().value() + " needs client_secret or client_secret_file");
            }
            return b.build();
        } catch (OAuthException e) {
            throw new ConfigException(where + ": " + e.description(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode fields, String name, String where) {
        JsonNode node = fields.get(name);
        var out = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isValueNode()) {
            for (String part : node.asText().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        } else {
            throw new ConfigException(where + ": " + name + " must be a list");
        }
        return out;
    }

    private static Optional<URI> optionalUri(JsonNode fields, String name) {
        String value = fields.get(name).asText("");
        return value.isEmpty() ? Optional.empty() : Optional.of(URI.create(value));
    }

    private static Optional<JWKSet> jwks(JsonNode node, String where) {
        if (node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JWKSet.parse(node.isTextual() ? node.asText() : node.toString()));
        } catch (ParseException e) {
            throw new ConfigException(where + ": jwks is not a JWK Set: " + e.getMessage());
        }
    }

    private static Duration seconds(JsonNode fields, String name, String where) {
        JsonNode value = fields.get(name);
        if (!value.canConvertToLong() && !value.asText().matches("\\d+")) {
            throw new ConfigException(where + ": " + name + " must be a number of seconds");
        }
        return Duration.ofSeconds(value.asLong());
    }
}
