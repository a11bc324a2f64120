package io.rescind.core.key;

import java.util.List;

/** Where signing keys live (implemented by the PostgreSQL store). */
public interface SigningKeyStore {
    List<StoredSigningKey> all();

    void insert(StoredSigningKey key);
}
