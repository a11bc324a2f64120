package io.rescind.core.client;

import java.util.List;
import java.util.Optional;

/** Where registered clients live (implemented by the PostgreSQL store). */
public interface ClientStore extends ClientLookup {
    List<Client> list();

    /** Every client with its client epoch, read in one snapshot. */
    List<RegisteredClient> registered();

    /** The client with its client epoch, read in one statement. */
    Optional<RegisteredClient> findRegistered(ClientId id);

    /** Inserts or replaces the client; a new client starts at client epoch 0. */
    void save(Client client);

    /** Deletes the client; answers whether it existed. */
    boolean remove(ClientId id);
}
