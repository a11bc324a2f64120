package io.rescind.core.client;

import com.nimbusds.jose.jwk.JWKSet;

/** The public keys a client authenticates with: its {@code jwks}, or what its {@code jwks_uri} serves. */
@FunctionalInterface
public interface ClientKeys {
    /** The client's keys; throws {@code invalid_client} when they cannot be had. */
    JWKSet of(Client client);
}
