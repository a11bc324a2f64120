package io.rescind.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.secret.SecretHash;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ClientCache}: no database read per request, and never a copy older than a revocation this node knows of. */
class ClientCacheTest {
    private final Store store = new Store();
    private final Map<ClientId, Long> knownEpochs = new HashMap<>();
    private final ClientCache cache = new ClientCache(store, id -> knownEpochs.getOrDefault(id, 0L));

    @Test
    void aHeldClientIsFoundWithoutReadingTheStore() {
        Client app = client("app");
        store.put(app, 3);
        cache.reload();
        int reads = store.reads;

        assertThat(cache.find(app.id())).contains(app);
        assertThat(cache.activeEpoch(app.id())).hasValue(3);
        assertThat(store.reads).isEqualTo(reads);
    }

    /** A client registered at another node is found before its change notice arrives; the notice's reload keeps it. */
    @Test
    void aClientRegisteredSinceTheLastReloadIsReadFromTheStoreEachTime() {
        cache.reload();
        Client app = client("app");
        store.put(app, 0);

        assertThat(cache.find(app.id())).contains(app);
        assertThat(cache.find(app.id())).contains(app);
        assertThat(store.singleReads).isEqualTo(2);
        assertThat(cache.size()).isZero();

        cache.reload();
        assertThat(cache.find(app.id())).contains(app);
        assertThat(store.singleReads).isEqualTo(2);
    }

    @Test
    void anUnknownClientIsNotFound() {
        cache.reload();

        assertThat(cache.find(new ClientId("nobody"))).isEmpty();
        assertThat(cache.activeEpoch(new ClientId("nobody"))).isEmpty();
    }

    /**
     * Disabled at another node: the change notice has not arrived, but the revocation state has the client's new
     * epoch, so the held copy is not used: the client no longer authenticates and gets no token.
     */
    @Test
    void aCopyBehindTheKnownEpochIsNotUsed() {
        Client app = client("app");
        store.put(app, 0);
        cache.reload();

        store.put(app.withStatus(ClientStatus.DISABLED), 1);
        knownEpochs.put(app.id(), 1L);

        assertThat(cache.find(app.id())).contains(app.withStatus(ClientStatus.DISABLED));
        assertThat(cache.activeEpoch(app.id())).isEmpty();
    }

    /** An operator revoked every token of the client: tokens minted afterwards carry the new epoch at once. */
    @Test
    void aRevokedClientMintsWithItsNewEpochBeforeTheReload() {
        Client app = client("app");
        store.put(app, 0);
        cache.reload();

        store.put(app, 1);
        knownEpochs.put(app.id(), 1L);

        assertThat(cache.activeEpoch(app.id())).hasValue(1);
        cache.reload();
        int reads = store.reads;
        assertThat(cache.activeEpoch(app.id())).hasValue(1);
        assertThat(store.reads).isEqualTo(reads);
    }

    /** The revocation state may lag the store (within L): a copy ahead of it is the truth and is used. */
    @Test
    void aCopyAheadOfTheKnownEpochIsUsed() {
        Client app = client("app");
        store.put(app, 2);
        cache.reload();
        int reads = store.reads;

        assertThat(cache.activeEpoch(app.id())).hasValue(2);
        assertThat(store.reads).isEqualTo(reads);
    }

    @Test
    void aDisabledClientHasNoActiveEpoch() {
        Client app = client("app").withStatus(ClientStatus.DISABLED);
        store.put(app, 0);
        cache.reload();

        assertThat(cache.find(app.id())).contains(app);
        assertThat(cache.activeEpoch(app.id())).isEmpty();
    }

    @Test
    void aReloadForgetsRemovedClients() {
        Client app = client("app");
        store.put(app, 0);
        cache.reload();

        store.clients.remove(app.id());
        cache.reload();

        assertThat(cache.size()).isZero();
        assertThat(cache.find(app.id())).isEmpty();
    }

    private static Client client(String id) {
        return new ClientBuilder(new ClientId(id))
                .grantTypes(EnumSet.of(GrantType.CLIENT_CREDENTIALS))
                .redirectUris(List.of(URI.create("https://app.example/cb")))
                .secretHash(Optional.of(new SecretHash("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA")))
                .build();
    }

    /** The store's answers, counting its reads. */
    private static final class Store implements ClientStore {
        final Map<ClientId, RegisteredClient> clients = new HashMap<>();
        int reads;
        int singleReads;

        void put(Client client, long epoch) {
            clients.put(client.id(), new RegisteredClient(client, epoch));
        }

        @Override
        public List<RegisteredClient> registered() {
            reads++;
            return List.copyOf(clients.values());
        }

        @Override
        public Optional<RegisteredClient> findRegistered(ClientId id) {
            reads++;
            singleReads++;
            return Optional.ofNullable(clients.get(id));
        }

        @Override
        public Optional<Client> find(ClientId id) {
            return findRegistered(id).map(RegisteredClient::client);
        }

        @Override
        public List<Client> list() {
            return registered().stream().map(RegisteredClient::client).toList();
        }

        @Override
        public void save(Client client) {
            put(client, 0);
        }

        @Override
        public boolean remove(ClientId id) {
            return clients.remove(id) != null;
        }
    }
}
