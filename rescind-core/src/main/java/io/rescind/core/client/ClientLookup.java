package io.rescind.core.client;

import java.util.Optional;

/** Finds a registered client by its id: the store, or the {@link ClientCache} in front of it. */
@FunctionalInterface
public interface ClientLookup {
    Optional<Client> find(ClientId id);
}
