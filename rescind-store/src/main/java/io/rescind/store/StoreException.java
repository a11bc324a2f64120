package io.rescind.store;

/**
 * The store could not do what was asked: the database is unreachable, or answered an error. The HTTP edge turns it
 * into 503 with {@code Retry-After}; nothing is assumed to have happened (fail closed).
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
