package io.rescind.server.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.secret.GeneratedSecret;
import io.rescind.core.secret.SecretFiles;
import io.rescind.server.config.ClientMetadata;
import io.rescind.server.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rescind client add|list|show|remove|disable|enable|rotate-secret}. Removing and disabling revoke everything
 * issued to the client first; so does a secret rotation when {@code revoke_on_client_secret_rotation} is true.
 */
@Command(
        name = "client",
        description = "Manage clients.",
        subcommands = {
            ClientCommand.Add.class,
            ClientCommand.ListClients.class,
            ClientCommand.Show.class,
            ClientCommand.Remove.class,
            ClientCommand.Disable.class,
            ClientCommand.Enable.class,
            ClientCommand.RotateSecret.class
        })
final class ClientCommand {
    private ClientCommand() {}

    @Command(name = "add", description = "Register a client (RFC 7591 metadata names).")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Option(names = "--client-id", required = true)
        String clientId;

        @Option(
                names = "--token-endpoint-auth-method",
                defaultValue = "client_secret_basic",
                description =
                        "client_secret_basic, client_secret_post, private_key_jwt or none (default: ${DEFAULT-VALUE}).")
        String authMethod;

        @Option(
                names = "--client-secret-file",
                paramLabel = "FILE",
                description =
                        "Read the secret from FILE, or from standard input with '-'. Without it, one is generated.")
        Path secretFile;

        @Option(
                names = "--grant-type",
                paramLabel = "TYPE",
                split = ",",
                description = "authorization_code, refresh_token, client_credentials (repeatable).")
        List<String> grantTypes;

        @Option(names = "--scope", description = "Space-separated scopes the client may ask for.")
        String scope;

        @Option(names = "--redirect-uri", split = ",")
        List<String> redirectUris;

        @Option(names = "--post-logout-redirect-uri", split = ",")
        List<String> postLogoutRedirectUris;

        @Option(names = "--backchannel-logout-uri")
        String backchannelLogoutUri;

        @Option(names = "--jwks-file", paramLabel = "FILE", description = "The client's public JWK Set.")
        Path jwksFile;

        @Option(names = "--jwks-uri")
        String jwksUri;

        @Option(names = "--id-token-signed-response-alg", description = "RS256 (default) or ES256.")
        String idTokenAlg;

        @Option(names = "--access-token-ttl", paramLabel = "SECONDS")
        Long accessTokenTtl;

        @Option(names = "--refresh-token-ttl", paramLabel = "SECONDS")
        Long refreshTokenTtl;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                if (admin.store().clients().find(new ClientId(clientId)).isPresent()) {
                    throw new ConfigException("client '" + clientId + "' already exists");
                }
                ObjectNode fields = JsonNodeFactory.instance.objectNode();
                fields.put("client_id", clientId);
                fields.put("token_endpoint_auth_method", authMethod);
                boolean usesSecret = TokenEndpointAuthMethod.fromValue(authMethod)
                        .map(TokenEndpointAuthMethod::usesSecret)
                        .orElse(false);
                Optional<String> generated = Optional.empty();
                if (secretFile != null) {
                    fields.put("client_secret", SecretInput.read(secretFile));
                } else if (usesSecret) {
                    generated = Optional.of(GeneratedSecret.newClientSecret());
                    fields.put("client_secret", generated.get());
                }
                list(fields, "grant_types", grantTypes);
                Optional.ofNullable(scope).ifPresent(s -> fields.put("scope", s));
                list(fields, "redirect_uris", redirectUris);
                list(fields, "post_logout_redirect_uris", postLogoutRedirectUris);
                Optional.ofNullable(backchannelLogoutUri).ifPresent(u -> fields.put("backchannel_logout_uri", u));
                Optional.ofNullable(jwksFile).ifPresent(f -> fields.put("jwks", SecretFiles.read(f)));
                Optional.ofNullable(jwksUri).ifPresent(u -> fields.put("jwks_uri", u));
                Optional.ofNullable(idTokenAlg).ifPresent(a -> fields.put("id_token_signed_response_alg", a));
                Optional.ofNullable(accessTokenTtl).ifPresent(t -> fields.put("access_token_ttl", t));
                Optional.ofNullable(refreshTokenTtl).ifPresent(t -> fields.put("refresh_token_ttl", t));
                Client client = ClientMetadata.apply(Optional.empty(), fields, admin.hashing(), Path.of(""));
                admin.store().clients().save(client);

                System.out.println("Client " + clientId + " added.");
                generated.ifPresent(secret -> System.out.println(
                        "client_secret=" + secret + "\n(shown once: Rescind keeps only a hash of it)"));
                return 0;
            }
        }

        private static void list(ObjectNode fields, String name, List<String> values) {
            if (values != null) {
                var array = fields.putArray(name);
                values.forEach(array::add);
            }
        }
    }

    @Command(name = "list", description = "List clients.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                for (Client c : admin.store().clients().list()) {
                    System.out.printf(
                            "%-32s %-20s %-8s %s%n",
                            c.id(),
                            c.authMethod().value(),
                            status(c),
                            c.grantTypes().stream()
                                    .map(GrantType::value)
                                    .sorted()
                                    .collect(Collectors.joining(",")));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Show a client's metadata.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                Client c = admin.store()
                        .clients()
                        .find(new ClientId(clientId))
                        .orElseThrow(() -> new ConfigException("no client '" + clientId + "'"));
                System.out.println("client_id: " + c.id());
                System.out.println("status: " + status(c));
                System.out.println(
                        "token_endpoint_auth_method: " + c.authMethod().value());
                System.out.println("grant_types: "
                        + c.grantTypes().stream().map(GrantType::value).sorted().toList());
                System.out.println("scope: " + c.scope());
                System.out.println("redirect_uris: " + c.redirectUris());
                System.out.println("post_logout_redirect_uris: " + c.postLogoutRedirectUris());
                c.backchannelLogoutUri().ifPresent(u -> System.out.println("backchannel_logout_uri: " + u));
                c.jwksUri().ifPresent(u -> System.out.println("jwks_uri: " + u));
                c.jwks()
                        .ifPresent(
                                k -> System.out.println("jwks: " + k.getKeys().size() + " key(s)"));
                System.out.println("id_token_signed_response_alg: " + c.idTokenSignedResponseAlg());
                System.out.println("access_token_ttl: " + c.accessTokenTtl().toSeconds());
                System.out.println("refresh_token_ttl: " + c.refreshTokenTtl().toSeconds());
                return 0;
            }
        }
    }

    @Command(name = "remove", description = "Delete a client, revoking every token issued to it first.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                admin.clients().remove(find(admin, clientId), admin.operator);

                System.out.println("Client " + clientId + " removed.");
                return 0;
            }
        }
    }

    @Command(
            name = "disable",
            description =
                    "Disable a client: every token issued to it is revoked; it cannot authenticate until enabled.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                admin.clients().disable(find(admin, clientId), admin.operator);

                System.out.println("Client " + clientId + " disabled; its tokens are revoked.");
                return 0;
            }
        }
    }

    @Command(name = "enable", description = "Enable a disabled client.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                admin.clients().enable(find(admin, clientId));

                System.out.println("Client " + clientId + " enabled.");
                return 0;
            }
        }
    }

    @Command(
            name = "rotate-secret",
            description = "Give a client a new secret (generated and shown once, unless read from a file); when"
                    + " revoke_on_client_secret_rotation is true, every token issued to it is revoked.")
    static final class RotateSecret implements Callable<Integer> {
        @Mixin
        StoreMixin store;

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Option(
                names = "--client-secret-file",
                paramLabel = "FILE",
                description = "Read the new secret from FILE, or from standard input with '-'.")
        Path secretFile;

        @Override
        public Integer call() {
            try (var admin = new AdminContext(store)) {
                Client client = find(admin, clientId);
                Optional<String> generated =
                        secretFile == null ? Optional.of(GeneratedSecret.newClientSecret()) : Optional.empty();
                String secret = generated.orElseGet(() -> SecretInput.read(secretFile));
                boolean revoked = admin.clients()
                        .rotateSecret(client, admin.hashing().hashClientSecret(secret), admin.operator)
                        .isPresent();

                System.out.println("Secret of " + clientId + " rotated"
                        + (revoked ? "; its tokens are revoked." : "; its tokens are kept."));
                generated.ifPresent(s ->
                        System.out.println("client_secret=" + s + "\n(shown once: Rescind keeps only a hash of it)"));
                return 0;
            }
        }
    }

    private static Client find(AdminContext admin, String clientId) {
        return admin.store()
                .clients()
                .find(new ClientId(clientId))
                .orElseThrow(() -> new ConfigException("no client '" + clientId + "'"));
    }

    private static String status(Client c) {
        return c.isActive() ? "active" : "disabled";
    }
}
