package io.rescind.server.config;

/** The configuration (file, environment or command line) is invalid; the message says where and why. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
