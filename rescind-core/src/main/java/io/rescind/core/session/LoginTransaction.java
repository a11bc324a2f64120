package io.rescind.core.session;

import io.rescind.core.protocol.FormParameters;
import java.time.Instant;

/**
 * An authorization request waiting for its login, kept server-side: the login form only carries the transaction's
 * handle, so where the browser goes after login never comes from the request (no open redirect).
 *
 * @param browserHash SHA-256 of the pre-login cookie the transaction is bound to
 */
public record LoginTransaction(FormParameters authorizationRequest, byte[] browserHash, Instant expiresAt) {}
