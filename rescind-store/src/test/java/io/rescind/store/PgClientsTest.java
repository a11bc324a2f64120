package io.rescind.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.rescind.core.client.Client;
import io.rescind.core.client.ClientBuilder;
import io.rescind.core.client.ClientId;
import io.rescind.core.client.ClientStatus;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.RegisteredClient;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.protocol.Scope;
import io.rescind.core.secret.SecretHash;
import io.rescind.store.testing.FreshStores;
import io.rescind.store.testing.OnEachDatabase;
import io.rescind.store.testing.TestDatabases.Target;
import io.rescind.store.testing.TestSql;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered clients in PostgreSQL (RFC 7591 metadata and state). */
class PgClientsTest {
    private static final SecretHash SECRET_HASH = new SecretHash("$hmac-sha256$k=1$c2VjcmV0LW1hYw");

    @RegisterExtension
    final FreshStores stores = new FreshStores();

    /** A confidential client with a secret and nothing optional. */
    private static ClientBuilder client(String id) {
        return new ClientBuilder(new ClientId(id))
                .secretHash(Optional.of(SECRET_HASH))
                .redirectUris(List.of(URI.create("https://" + id + ".example/callback")));
    }

    private static Optional<Long> clientEpoch(PostgresStore store, ClientId id) {
        return TestSql.on(store)
                .one("SELECT epoch FROM client_epochs WHERE client_id = ?", row -> row.getLong(1), id.value());
    }

    @Nested
    class Storage {
        @OnEachDatabase
        void aKeyAuthenticatedClientRoundTripsEveryField(Target target) throws JOSEException {
            var store = stores.open(target);
            var key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
            Client client = new ClientBuilder(new ClientId("spa.example"))
                    .authMethod(TokenEndpointAuthMethod.PRIVATE_KEY_JWT)
                    .grantTypes(EnumSet.of(
                            GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS))
                    .scope(Scope.of("openid", "email", "orders:read"))
                    .redirectUris(List.of(
                            URI.create("https://spa.example/callback"), URI.create("http://127.0.0.1:8080/cb?x=1")))
                    .postLogoutRedirectUris(List.of(URI.create("https://spa.example/bye")))
                    .backchannelLogoutUri(Optional.of(URI.create("https://spa.example/backchannel")))
                    .jwks(Optional.of(new JWKSet(key.toPublicJWK())))
                    .idTokenSignedResponseAlg(JWSAlgorithm.ES256)
                    .accessTokenTtl(Duration.ofSeconds(90))
                    .refreshTokenTtl(Duration.ofDays(7))
                    .status(ClientStatus.DISABLED)
                    .build();

            store.clients().save(client);

            assertThat(store.clients().find(client.id())).contains(client);
        }

        @OnEachDatabase
        void aSecretClientWithAJwksUriRoundTripsEveryField(Target target) {
            var store = stores.open(target);
            Client client = new ClientBuilder(new ClientId("billing-service"))
                    .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST)
                    .secretHash(Optional.of(SECRET_HASH))
                    .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                    .scope(Scope.of("global_token_revocation"))
                    .jwksUri(Optional.of(URI.create("https://billing.example/jwks.json")))
                    .idTokenSignedResponseAlg(JWSAlgorithm.RS256)
                    .build();

            store.clients().save(client);

            assertThat(store.clients().find(client.id())).contains(client);
        }

        @OnEachDatabase
        void aPublicClientRoundTripsWithoutSecret(Target target) {
            var store = stores.open(target);
            Client client = new ClientBuilder(new ClientId("native-app"))
                    .authMethod(TokenEndpointAuthMethod.NONE)
                    .redirectUris(List.of(URI.create("com.example.app:/oauth2redirect")))
                    .build();

            store.clients().save(client);

            assertThat(store.clients().find(client.id())).contains(client);
        }

        @OnEachDatabase
        void savingAgainReplacesTheClient(Target target) {
            var store = stores.open(target);
            Client client = client("app").build();
            store.clients().save(client);
            Client changed = ClientBuilder.from(client)
                    .status(ClientStatus.DISABLED)
                    .scope(Scope.of("openid"))
                    .accessTokenTtl(Duration.ofMinutes(1))
                    .build();

            store.clients().save(changed);

            assertThat(store.clients().find(client.id())).contains(changed);
        }

        @OnEachDatabase
        void listAnswersEveryClientOrderedById(Target target) {
            var store = stores.open(target);
            Client b = client("b-app").build();
            Client a = client("a-app").build();
            store.clients().save(b);
            store.clients().save(a);

            assertThat(store.clients().list()).containsExactly(a, b);
        }

        @OnEachDatabase
        void anUnknownClientIsNotFound(Target target) {
            var store = stores.open(target);

            assertThat(store.clients().find(new ClientId("nobody"))).isEmpty();
        }

        @OnEachDatabase
        void removeDeletesTheClientAndAnswersWhetherItExisted(Target target) {
            var store = stores.open(target);
            Client client = client("app").build();
            store.clients().save(client);

            assertThat(store.clients().remove(client.id())).isTrue();
            assertThat(store.clients().find(client.id())).isEmpty();
            assertThat(store.clients().remove(client.id())).isFalse();
        }
    }

    /** DESIGN §2: a client's epoch starts at 0 with the client and outlives it. */
    @Nested
    class ClientEpochs {
        @OnEachDatabase
        void savingANewClientCreatesItsEpochAtZero(Target target) {
            var store = stores.open(target);
            Client client = client("app").build();

            store.clients().save(client);

            assertThat(clientEpoch(store, client.id())).contains(0L);
        }

        @OnEachDatabase
        void savingAgainKeepsAnAdvancedEpoch(Target target) {
            var store = stores.open(target);
            Client client = client("app").build();
            store.clients().save(client);
            TestSql.on(store).advanceClientEpoch(client.id());

            store.clients().save(client.withStatus(ClientStatus.DISABLED));

            assertThat(clientEpoch(store, client.id())).contains(1L);
        }

        @OnEachDatabase
        void removingAClientKeepsItsEpoch(Target target) {
            var store = stores.open(target);
            Client client = client("app").build();
            store.clients().save(client);
            TestSql.on(store).advanceClientEpoch(client.id());

            store.clients().remove(client.id());

            assertThat(clientEpoch(store, client.id())).contains(1L);
        }

        /** The servers hold each client with its epoch (ClientCache), both read in one statement. */
        @OnEachDatabase
        void aClientIsReadWithItsEpoch(Target target) {
            var store = stores.open(target);
            Client app = client("app").build();
            Client other = client("other").build();
            store.clients().save(app);
            store.clients().save(other);
            TestSql.on(store).advanceClientEpoch(app.id());

            assertThat(store.clients().findRegistered(app.id())).contains(new RegisteredClient(app, 1));
            assertThat(store.clients().registered())
                    .containsExactlyInAnyOrder(new RegisteredClient(app, 1), new RegisteredClient(other, 0));

            store.clients().save(app.withStatus(ClientStatus.DISABLED));
            assertThat(store.clients().findRegistered(app.id()))
                    .contains(new RegisteredClient(app.withStatus(ClientStatus.DISABLED), 1));

            store.clients().remove(app.id());
            assertThat(store.clients().findRegistered(app.id())).isEmpty();
            assertThat(store.clients().registered()).containsExactly(new RegisteredClient(other, 0));
        }

        /** A client registered before its epoch row existed (an older schema) is at epoch 0. */
        @OnEachDatabase
        void aClientWithoutAnEpochRowIsAtEpochZero(Target target) {
            var store = stores.open(target);
            Client app = client("app").build();
            store.clients().save(app);
            TestSql.on(store).update("DELETE FROM client_epochs");

            assertThat(store.clients().findRegistered(app.id())).contains(new RegisteredClient(app, 0));
        }
    }
}
