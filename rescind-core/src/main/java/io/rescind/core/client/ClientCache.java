package io.rescind.core.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Every registered client in memory with its client epoch, so authenticating a client and minting its
 * client_credentials tokens read no database. The whole set is read again at start, on each change notice and
 * periodically; a reload never overlaps another, so the last one holds the last committed change.
 *
 * <p>A copy that may be stale is safe because it is checked against the revocation state at every use: a revocation
 * of the client (disabling, removal, an operator's revocation) advances its epoch, and a copy whose epoch is behind
 * the epoch this node knows is not used; the store is read instead until the next reload. So a revoked client stops
 * authenticating here as soon as this node's revocation state has the revocation (within the staleness bound L), and a
 * token minted from a stale copy carries the epoch that revocation kills. A change that revokes nothing (a new
 * redirect URI, a secret rotated without revocation) takes effect here when the change notice arrives.
 */
public final class ClientCache implements ClientLookup {
    private final ClientStore store;
    private final ToLongFunction<ClientId> knownEpoch;
    private volatile Map<ClientId, RegisteredClient> clients = Map.of();

    /**
     * @param knownEpoch each client's epoch in this node's revocation state
     */
    public ClientCache(ClientStore store, ToLongFunction<ClientId> knownEpoch) {
        this.store = store;
        this.knownEpoch = knownEpoch;
    }

    /** Reads every client again. */
    public synchronized void reload() {
        clients = store.registered().stream()
                .collect(Collectors.toUnmodifiableMap(r -> r.client().id(), Function.identity()));
    }

    @Override
    public Optional<Client> find(ClientId id) {
        return registered(id).map(RegisteredClient::client);
    }

    /** The epoch a token minted now for the client carries; empty when the client is unknown or disabled. */
    public OptionalLong activeEpoch(ClientId id) {
        return registered(id)
                .filter(r -> r.client().isActive())
                .map(r -> OptionalLong.of(r.epoch()))
                .orElse(OptionalLong.empty());
    }

    /** How many clients are held. */
    public int size() {
        return clients.size();
    }

    /** The clients as last read. */
    public List<Client> all() {
        return clients.values().stream().map(RegisteredClient::client).toList();
    }

    /**
     * The held copy unless this node knows of a later epoch; otherwise (and for a client registered since the last
     * reload) the store's, which is not kept: the change notice that follows every such change reloads the whole set.
     */
    private Optional<RegisteredClient> registered(ClientId id) {
        RegisteredClient held = clients.get(id);
        if (held != null && held.epoch() >= knownEpoch.applyAsLong(id)) {
            return Optional.of(held);
        }
        return store.findRegistered(id);
    }
}
