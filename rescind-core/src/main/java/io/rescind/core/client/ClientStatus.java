package io.rescind.core.client;

/** Whether a client may authenticate and receive tokens. */
public enum ClientStatus {
    ACTIVE,
    DISABLED
}
