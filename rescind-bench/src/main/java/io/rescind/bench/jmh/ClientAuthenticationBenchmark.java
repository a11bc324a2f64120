package io.rescind.bench.jmh;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientCredentials;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.secret.Argon2id;
import io.rescind.core.secret.GeneratedSecret;
import io.rescind.core.secret.PepperedHmac;
import io.rescind.core.secret.SecretHash;
import io.rescind.core.secret.SecretHashing;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Client authentication with a secret ({@link ClientAuthenticator}, {@code client_secret_basic}): the first step of
 * every token-endpoint request from a confidential client, and of introspection and the revocation endpoints.
 * DESIGN §3: a secret Rescind generated is checked with a peppered HMAC-SHA-256 (microseconds); a secret an operator
 * chose is checked with Argon2id at the production default cost (tens of milliseconds, on purpose).
 */
public class ClientAuthenticationBenchmark extends HotPathBenchmark {
    private ClientAuthenticator authenticator;
    private ClientCredentials generated;
    private ClientCredentials operatorChosen;

    @Setup
    public void setUp() {
        var hashing = new SecretHashing(
                new Argon2id(Fixtures.SETTINGS.argon2Cost()),
                new PepperedHmac(Fixtures.secrets().clientSecretPepper(), 1));
        String generatedSecret = GeneratedSecret.newClientSecret();
        String chosenSecret = "correct horse battery staple";
        SecretHash generatedHash = hashing.hashClientSecret(generatedSecret);
        SecretHash chosenHash = hashing.hashClientSecret(chosenSecret);
        require(generatedHash.algorithm().equals("hmac-sha256"), "a generated secret is hashed with HMAC");
        require(chosenHash.algorithm().equals("argon2id"), "an operator-chosen secret is hashed with Argon2id");
        // The clients as the server holds them in memory (ClientCache): a lookup by id is all authentication asks.
        Map<ClientId, Client> clients = Map.of(
                new ClientId("generated"), client("generated", generatedHash),
                new ClientId("operator-chosen"), client("operator-chosen", chosenHash));
        authenticator = new ClientAuthenticator(
                id -> Optional.ofNullable(clients.get(id)),
                hashing,
                client -> {
                    throw OAuthError.INVALID_CLIENT.exception("no private_key_jwt here");
                },
                (issuer, jti, expiresAt) -> true,
                Set.of(Fixtures.ISSUER),
                Clock.systemUTC());
        generated = new ClientCredentials.SecretBasic(new ClientId("generated"), generatedSecret);
        operatorChosen = new ClientCredentials.SecretBasic(new ClientId("operator-chosen"), chosenSecret);
        // Both authenticate (a failure would throw invalid_client), so the rows measure success.
        authenticator.authenticate(generated);
        authenticator.authenticate(operatorChosen);
    }

    private static Client client(String id, SecretHash secretHash) {
        return new ClientBuilder(new ClientId(id))
                .secretHash(Optional.of(secretHash))
                .redirectUris(List.of(URI.create("https://app.example/callback")))
                .build();
    }

    /** A secret Rescind generated ({@code rsc_cs_} + 256 random bits): HMAC-SHA-256. */
    @Benchmark
    public Client generatedSecret() {
        return authenticator.authenticate(generated);
    }

    /** A secret the operator chose: Argon2id at the production default cost. */
    @Benchmark
    public Client operatorChosenSecret() {
        return authenticator.authenticate(operatorChosen);
    }
}
