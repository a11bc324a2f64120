package io.rescind.core.client;

/**
 * A client with its client epoch, read together in one statement: a token minted for it carries {@code epoch}, so a
 * copy read before a revocation of the client mints only tokens that revocation already kills (DESIGN §2).
 */
public record RegisteredClient(Client client, long epoch) {}
