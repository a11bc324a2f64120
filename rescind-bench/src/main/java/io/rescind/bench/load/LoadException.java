package io.rescind.bench.load;

/** Why the load driver cannot go on: a tool missing, a server that did not start, output it cannot read. */
final class LoadException extends RuntimeException {
    LoadException(String message) {
        super(message);
    }

    LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
