package io.rescind.core.testing;

import io.rescind.core.key.SigningKeyStore;
import io.rescind.core.key.StoredSigningKey;
import java.util.ArrayList;
import java.util.List;

/** For unit tests of key and token logic only; the server's keys live in PostgreSQL (PgSigningKeys). */
public final class InMemorySigningKeyStore implements SigningKeyStore {
    public final List<StoredSigningKey> keys = new ArrayList<>();

    @Override
    public synchronized List<StoredSigningKey> all() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized void insert(StoredSigningKey key) {
        keys.add(key);
    }
}
