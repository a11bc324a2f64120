package io.rescind.core.session;

import java.time.Instant;
import java.util.Optional;

/** Where pending login transactions live, keyed by the SHA-256 of their handle. */
public interface LoginTransactionStore {
    void save(byte[] handleHash, LoginTransaction transaction);

    Optional<LoginTransaction> find(byte[] handleHash, Instant now);

    /** Removes and answers the transaction, once: a second login with the same handle finds nothing. */
    Optional<LoginTransaction> consume(byte[] handleHash, Instant now);
}
