package io.rescind.core.client;

import java.util.List;
import java.util.Optional;

/** Where registered clients live (implemented by the PostgreSQL store). */
public interface ClientStore {
    Optional<Client> find(ClientId id);

    List<Client> list();

    /** Inserts or replaces the client; a new client starts at client epoch 0. */
    void save(Client client);

    /** Deletes the client; answers whether it existed. */
    boolean remove(ClientId id);
}
